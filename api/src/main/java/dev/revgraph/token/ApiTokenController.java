package dev.revgraph.token;

import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import dev.revgraph.shared.security.RevgraphAuthentication;
import dev.revgraph.shared.security.Role;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;

/** API tokens and the caller's own identity over GraphQL. */
@Controller
class ApiTokenController {

    record CreateApiTokenInput(String name, Role role, List<String> departmentCodes, OffsetDateTime expiresAt) {}

    record RevokeApiTokenInput(String id) {}

    record CreateApiTokenPayload(ApiToken apiToken, String secret, List<UserError> errors) {}

    record ApiTokenPayload(ApiToken apiToken, List<UserError> errors) {}

    record Viewer(String name, Role role, List<String> departmentCodes) {}

    private final ApiTokenService service;

    ApiTokenController(ApiTokenService service) {
        this.service = service;
    }

    @QueryMapping
    Viewer viewer() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        RevgraphAuthentication caller = (RevgraphAuthentication) authentication;
        return new Viewer(
                caller.getName(),
                caller.role(),
                caller.departmentCodes().stream().sorted().toList());
    }

    @QueryMapping
    List<ApiToken> apiTokens() {
        return service.list();
    }

    @MutationMapping
    CreateApiTokenPayload createApiToken(@Argument CreateApiTokenInput input) {
        return Payloads.of(
                () -> service.create(input.name(), input.role(), input.departmentCodes(), input.expiresAt()),
                (created, errors) -> new CreateApiTokenPayload(
                        created == null ? null : created.token(), created == null ? null : created.secret(), errors));
    }

    @MutationMapping
    ApiTokenPayload revokeApiToken(@Argument RevokeApiTokenInput input) {
        return Payloads.of(() -> service.revoke(input.id()), ApiTokenPayload::new);
    }
}
