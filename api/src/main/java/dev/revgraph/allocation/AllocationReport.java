package dev.revgraph.allocation;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/** The GraphQL types of the allocations report. */
public final class AllocationReport {

    private AllocationReport() {}

    public record AllocationRow(
            YearMonth month,
            int step,
            String ruleCode,
            String ruleName,
            String sourceDepartmentCode,
            String sourceDepartmentName,
            AllocationDriver driver,
            AllocationDimension targetDimension,
            String targetCode,
            String targetName,
            BigDecimal driverValue,
            BigDecimal share,
            BigDecimal pool,
            BigDecimal amount) {}

    public record AllocationPool(
            YearMonth month,
            int step,
            String ruleCode,
            String ruleName,
            String sourceDepartmentCode,
            String sourceDepartmentName,
            AllocationDriver driver,
            BigDecimal driverTotal,
            BigDecimal pool,
            BigDecimal allocated,
            BigDecimal unallocated) {}

    public record Allocations(String currency, List<AllocationRow> rows, List<AllocationPool> pools) {}
}
