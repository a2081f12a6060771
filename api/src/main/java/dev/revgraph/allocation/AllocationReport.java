package dev.revgraph.allocation;

import dev.revgraph.shared.money.Figures;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/** The GraphQL types of the allocations report. */
public final class AllocationReport {

    private AllocationReport() {}

    /** {@code comparison} and {@code change} are set with {@code compareTo} only. */
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
            BigDecimal amount,
            AllocationRow comparison,
            AllocationChange change) {

        /** The same rule and target in {@code earlier} without an amount: what a row with nothing to compare compares with. */
        AllocationRow none(YearMonth earlier) {
            BigDecimal zero = new BigDecimal("0.00");
            return new AllocationRow(
                    earlier,
                    step,
                    ruleCode,
                    ruleName,
                    sourceDepartmentCode,
                    sourceDepartmentName,
                    driver,
                    targetDimension,
                    targetCode,
                    targetName,
                    AllocationService.driverFigure(driver, BigDecimal.ZERO),
                    null,
                    zero,
                    zero,
                    null,
                    null);
        }

        AllocationRow compared(AllocationRow before) {
            return new AllocationRow(
                    month,
                    step,
                    ruleCode,
                    ruleName,
                    sourceDepartmentCode,
                    sourceDepartmentName,
                    driver,
                    targetDimension,
                    targetCode,
                    targetName,
                    driverValue,
                    share,
                    pool,
                    amount,
                    before,
                    new AllocationChange(
                            pool.subtract(before.pool()),
                            Figures.relativeChange(pool, before.pool()),
                            amount.subtract(before.amount()),
                            Figures.relativeChange(amount, before.amount())));
        }
    }

    /** {@code comparison} and {@code change} are set with {@code compareTo} only. */
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
            BigDecimal unallocated,
            AllocationPool comparison,
            AllocationPoolChange change) {

        /** The same rule in {@code earlier} without a pool. */
        AllocationPool none(YearMonth earlier) {
            BigDecimal zero = new BigDecimal("0.00");
            return new AllocationPool(
                    earlier,
                    step,
                    ruleCode,
                    ruleName,
                    sourceDepartmentCode,
                    sourceDepartmentName,
                    driver,
                    AllocationService.driverFigure(driver, BigDecimal.ZERO),
                    zero,
                    zero,
                    zero,
                    null,
                    null);
        }

        AllocationPool compared(AllocationPool before) {
            return new AllocationPool(
                    month,
                    step,
                    ruleCode,
                    ruleName,
                    sourceDepartmentCode,
                    sourceDepartmentName,
                    driver,
                    driverTotal,
                    pool,
                    allocated,
                    unallocated,
                    before,
                    new AllocationPoolChange(
                            pool.subtract(before.pool()),
                            Figures.relativeChange(pool, before.pool()),
                            allocated.subtract(before.allocated()),
                            Figures.relativeChange(allocated, before.allocated()),
                            unallocated.subtract(before.unallocated())));
        }
    }

    /** The GraphQL {@code AllocationChange}: a row's served figures less the compared row's. */
    public record AllocationChange(BigDecimal pool, BigDecimal poolPct, BigDecimal amount, BigDecimal amountPct) {}

    /** The GraphQL {@code AllocationPoolChange}: a pool's served figures less the compared pool's. */
    public record AllocationPoolChange(
            BigDecimal pool,
            BigDecimal poolPct,
            BigDecimal allocated,
            BigDecimal allocatedPct,
            BigDecimal unallocated) {}

    public record Allocations(String currency, List<AllocationRow> rows, List<AllocationPool> pools) {}
}
