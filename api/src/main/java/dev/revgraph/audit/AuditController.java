package dev.revgraph.audit;

import dev.revgraph.audit.AuditRepository.AuditEvent;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.PageInfo;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The audit trail over GraphQL. */
@Controller
class AuditController {

    record AuditEventEdge(AuditEvent node, String cursor) {}

    record AuditEventConnection(List<AuditEventEdge> edges, PageInfo pageInfo) {}

    private final AuditService service;

    AuditController(AuditService service) {
        this.service = service;
    }

    @QueryMapping
    AuditEventConnection auditEvents(
            @Argument String action, @Argument String actor, @Argument int first, @Argument String after) {
        AuditService.Page page = service.page(action, actor, first, after);
        List<AuditEventEdge> edges = page.events().stream()
                .map(e -> new AuditEventEdge(e, Cursors.encodeId(e.id())))
                .toList();
        return new AuditEventConnection(
                edges, PageInfo.of(edges.stream().map(e -> e.cursor()).toList(), page.hasNext(), page.hasPrevious()));
    }
}
