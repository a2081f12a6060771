package dev.revgraph.audit;

import dev.revgraph.audit.AuditRepository.AuditEvent;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.graphql.Cursors;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail: every mutation with its caller, input and outcome; finance and admins read it.
 * A change and its audit row are one transaction ({@link #recordChange}), so neither is ever kept
 * without the other; a refused or failed mutation wrote nothing, and its row is a transaction of
 * its own ({@link #recordRefusal}) holding at most a bounded digest of what was sent.
 */
@Service
public class AuditService {

    private static final Logger log = LoggerFactory.getLogger(AuditService.class);

    /** A page of events, newest first. */
    public record Page(List<AuditEvent> events, boolean hasNext, boolean hasPrevious) {}

    private final AuditRepository repository;

    AuditService(AuditRepository repository) {
        this.repository = repository;
    }

    /**
     * Records a change inside the transaction that made it: if the row cannot be written, the
     * exception rolls the change back with it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordChange(String actor, String action, String input, String result) {
        repository.insert(actor, action, true, input, result);
    }

    /**
     * Records a refused or failed mutation in a transaction of its own (the mutation's has rolled
     * back); a failure to record is logged, never thrown, so the caller still gets the refusal.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordRefusal(String actor, String action, String input, String result) {
        try {
            repository.insert(actor, action, false, input, result);
        } catch (RuntimeException e) {
            log.error("could not record the refused {} by {} in the audit trail: {}", action, actor, e.toString());
        }
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional(readOnly = true)
    public Page page(String action, String actor, int first, String after) {
        new Validation().pageSize(first).throwIfAny();
        Long before = after == null ? null : Cursors.decodeId("after", after);
        List<AuditEvent> events = repository.page(action, actor, before, first + 1);
        boolean hasNext = events.size() > first;
        return new Page(hasNext ? events.subList(0, first) : events, hasNext, after != null);
    }
}
