package dev.revgraph.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** With {@code revgraph.report-cache.enabled=false} every report request runs the report. */
@TestPropertySource(properties = "revgraph.report-cache.enabled=false")
class ReportCacheOffTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    @Autowired
    MeterRegistry meters;

    @Test
    void everyRequestRunsTheReportWhenTheCacheIsOff() {
        String department = unique("RF");
        YearMonth month = Api.uniqueMonth();
        api.department(department, "MARKETING");
        api.spend(department, month.atDay(3).toString(), "120.00", "USD", "ADVERTISING");

        int first = statementsOf(month);
        int second = statementsOf(month);
        int third = statementsOf(month);

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(queries.statements()).noneMatch(sql -> sql.contains("data_version"));
        assertThat(meters.get("revgraph.report.cache.hits").counter().count()).isZero();
        assertThat(meters.get("revgraph.report.cache.misses").counter().count()).isZero();
    }

    private int statementsOf(YearMonth month) {
        queries.reset();
        graphQl.documentName("budgetVsActual")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .execute()
                .path("budgetVsActual.currency")
                .hasValue();
        return queries.count();
    }
}
