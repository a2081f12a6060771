package dev.revgraph.pnl;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A negative spend or revenue line is a credit note: it is accepted and reduces its own slice
 * (docs/ledgers.md); a reversal is the way to cancel a line instead.
 *
 * <pre>
 * segment S, one month, USD
 *   revenue   +200.00 then -50.00 (credit note)  -> revenue 150.00
 *   spend     +100.00 then -30.00 (credit note)  -> operating expenses 70.00
 *   operating profit = 150.00 - 70.00 = 80.00
 * </pre>
 */
class CreditNoteTest extends IntegrationTest {

    @Test
    void aNegativeLineReducesItsSlice() {
        YearMonth month = Api.uniqueMonth();
        String segment = unique("CNS");
        String department = unique("CND");
        String customer = unique("CNC");
        api.segment(segment, null);
        api.department(department, "GENERAL");
        api.customer(customer, segment, month.atDay(1).toString());
        api.revenue(customer, month.atDay(5).toString(), "200.00", "USD", false);
        api.revenue(customer, month.atDay(6).toString(), "-50.00", "USD", false);
        api.spend(department, month.atDay(5).toString(), "100.00", "USD", "TOOLS", Map.of("segmentCode", segment));
        api.spend(department, month.atDay(6).toString(), "-30.00", "USD", "TOOLS", Map.of("segmentCode", segment));

        graphQl.documentName("profitAndLoss")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("groupBy", List.of("SEGMENT"))
                .variable("filter", Map.of("segmentCodes", List.of(segment)))
                .execute()
                .path("profitAndLoss.rows")
                .entityList(Object.class)
                .hasSize(1)
                .path("profitAndLoss.rows[0].segmentCode")
                .entity(String.class)
                .isEqualTo(segment)
                .path("profitAndLoss.rows[0].revenue")
                .entity(String.class)
                .isEqualTo("150.00")
                .path("profitAndLoss.rows[0].operatingExpenses")
                .entity(String.class)
                .isEqualTo("70.00")
                .path("profitAndLoss.rows[0].operatingProfit")
                .entity(String.class)
                .isEqualTo("80.00");
    }
}
