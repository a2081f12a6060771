package dev.revgraph.pnl;

import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.pnl.PnlReports.PnlFilter;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import java.util.List;

/**
 * The arguments of {@code profitAndLoss} as one value, so the service reads a named field where it
 * used to count positional parameters, and a new argument is one more field and one more builder
 * call instead of a new signature. Built with {@link #builder()}; absent optional arguments take the
 * schema's defaults.
 */
public record PnlRequest(
        LocalDate from,
        LocalDate to,
        Granularity granularity,
        List<PnlDimension> groupBy,
        PnlFilter filter,
        String currency,
        Comparison compareTo,
        CloseVersion version,
        CostBasis costBasis,
        String budgetVersion,
        ReportFilter where,
        String scenario) {

    public PnlRequest {
        granularity = granularity == null ? Granularity.MONTH : granularity;
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        version = version == null ? CloseVersion.LATEST : version;
        costBasis = costBasis == null ? CostBasis.DIRECT : costBasis;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the arguments one by one; {@code from} and {@code to} are checked by the service. */
    public static final class Builder {

        private LocalDate from;
        private LocalDate to;
        private Granularity granularity;
        private List<PnlDimension> groupBy;
        private PnlFilter filter;
        private String currency;
        private Comparison compareTo;
        private CloseVersion version;
        private CostBasis costBasis;
        private String budgetVersion;
        private ReportFilter where;
        private String scenario;

        private Builder() {}

        public Builder from(LocalDate from) {
            this.from = from;
            return this;
        }

        public Builder to(LocalDate to) {
            this.to = to;
            return this;
        }

        public Builder granularity(Granularity granularity) {
            this.granularity = granularity;
            return this;
        }

        public Builder groupBy(List<PnlDimension> groupBy) {
            this.groupBy = groupBy;
            return this;
        }

        public Builder filter(PnlFilter filter) {
            this.filter = filter;
            return this;
        }

        /** The report currency; null: the reporting currency. */
        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        /** What each row is compared with; null: no comparison. */
        public Builder compareTo(Comparison compareTo) {
            this.compareTo = compareTo;
            return this;
        }

        /** Which close closed months are read from; null: the latest. */
        public Builder version(CloseVersion version) {
            this.version = version;
            return this;
        }

        /** Direct or fully-loaded costs; null: direct. */
        public Builder costBasis(CostBasis costBasis) {
            this.costBasis = costBasis;
            return this;
        }

        /** The budget version of the budget columns; null: the latest approved. */
        public Builder budgetVersion(String budgetVersion) {
            this.budgetVersion = budgetVersion;
            return this;
        }

        /** Which facts the report reads (docs/metrics.md, "One filter for every report"); null: all. */
        public Builder where(ReportFilter where) {
            this.where = where;
            return this;
        }

        /** The scenario of {@code compareTo: FORECAST}; null: the base forecast. */
        public Builder scenario(String scenario) {
            this.scenario = scenario;
            return this;
        }

        public PnlRequest build() {
            return new PnlRequest(
                    from,
                    to,
                    granularity,
                    groupBy,
                    filter,
                    currency,
                    compareTo,
                    version,
                    costBasis,
                    budgetVersion,
                    where,
                    scenario);
        }
    }
}
