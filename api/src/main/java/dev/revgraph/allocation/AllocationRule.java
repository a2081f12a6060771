package dev.revgraph.allocation;

import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

/** An allocation rule with its targets and the history of its changes (the GraphQL type). */
public record AllocationRule(
        long id,
        String code,
        String name,
        String sourceDepartmentCode,
        String sourceDepartmentName,
        List<SpendCategory> sourceCategories,
        AllocationDimension targetDimension,
        AllocationDriver driver,
        List<AllocationRuleTarget> targets,
        YearMonth effectiveFrom,
        YearMonth effectiveTo,
        OffsetDateTime createdAt,
        String createdBy,
        List<AllocationRuleEvent> history) {

    /** One target: its code, name and fixed share (null unless FIXED). */
    public record AllocationRuleTarget(String code, String name, BigDecimal share) {}

    /** One change of the rule. */
    public record AllocationRuleEvent(
            AllocationRuleAction action,
            YearMonth effectiveFrom,
            YearMonth effectiveTo,
            String actor,
            OffsetDateTime occurredAt) {}
}
