package dev.revgraph.fiscal;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeriodCloseTest extends IntegrationTest {

    @Test
    void closesAndReopensWithAReasonKeepingTheHistory() {
        YearMonth month = Api.uniqueMonth();
        String dept = unique("FIN");
        api.department(dept, "FINANCE");
        api.spend(dept, month.atDay(3).toString(), "10", "USD", "TOOLS");
        api.spend(dept, month.atDay(4).toString(), "20", "USD", "TOOLS");

        api.mutate("closeMonth", Map.of("month", month.toString()))
                .path("closeMonth.fiscalMonth.status")
                .entity(String.class)
                .isEqualTo("CLOSED")
                .path("closeMonth.fiscalMonth.history[0].action")
                .entity(String.class)
                .isEqualTo("CLOSE")
                .path("closeMonth.fiscalMonth.history[0].spendLineCount")
                .entity(Integer.class)
                .isEqualTo(2)
                .path("closeMonth.fiscalMonth.history[0].actor")
                .entity(String.class)
                .isEqualTo("token:test admin");
        // closing again is refused and writes nothing
        api.mutate("closeMonth", Map.of("month", month.toString()))
                .path("closeMonth.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError");

        api.mutate("reopenMonth", Map.of("month", month.toString(), "reason", "  "))
                .path("reopenMonth.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "reason")
                .path("reopenMonth.errors[0].message")
                .entity(String.class)
                .isEqualTo("reason must not be blank");

        api.mutate("reopenMonth", Map.of("month", month.toString(), "reason", "late vendor invoice"))
                .path("reopenMonth.fiscalMonth.status")
                .entity(String.class)
                .isEqualTo("OPEN")
                .path("reopenMonth.fiscalMonth.history[*].action")
                .entityList(String.class)
                .containsExactly("CLOSE", "REOPEN")
                .path("reopenMonth.fiscalMonth.history[1].reason")
                .entity(String.class)
                .isEqualTo("late vendor invoice");
        api.spend(dept, month.atDay(20).toString(), "5", "USD", "TOOLS");
        api.close(month);

        graphQl.documentName("fiscalMonths")
                .variable("from", month.toString())
                .variable("to", month.plusMonths(1).toString())
                .execute()
                .path("fiscalMonths[*].status")
                .entityList(String.class)
                .containsExactly("CLOSED", "OPEN")
                .path("fiscalMonths[0].history[*].spendLineCount")
                .entityList(Integer.class)
                .containsExactly(2, 2, 3)
                .path("fiscalMonths[0].firstDay")
                .entity(String.class)
                .isEqualTo(month.atDay(1).toString())
                .path("fiscalMonths[0].fiscalQuarter")
                .entity(Integer.class)
                .isEqualTo((month.getMonthValue() - 1) / 3 + 1);
    }

    @Test
    void aClosedMonthKeepsItsRates() {
        YearMonth month = Api.uniqueMonth();
        String currency = Api.uniqueCurrency();
        api.currency(currency, month.atDay(1).toString(), "1.50");
        api.close(month);

        List<Map<String, Object>> same =
                List.of(Map.of("currency", currency, "date", month.atDay(1).toString(), "rate", "1.5"));
        api.mutate("upsertFxRates", Map.of("rates", same))
                .path("upsertFxRates.errors")
                .entityList(Object.class)
                .hasSize(0);
        List<Map<String, Object>> changed = List.of(
                Map.of(
                        "currency",
                        currency,
                        "date",
                        month.plusMonths(1).atDay(1).toString(),
                        "rate",
                        "1.7"),
                Map.of("currency", currency, "date", month.atDay(9).toString(), "rate", "1.6"));
        api.mutate("upsertFxRates", Map.of("rates", changed))
                .path("upsertFxRates.rates")
                .entityList(Object.class)
                .hasSize(0)
                .path("upsertFxRates.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("upsertFxRates.errors[0].month")
                .entity(String.class)
                .isEqualTo(month.toString());
        graphQl.documentName("currencies")
                .variable("currency", currency)
                .execute()
                .path("fxRates[*].rate")
                .entityList(String.class)
                .containsExactly("1.500000000000");
    }

    @Test
    void ratesAreValidatedAsAWhole() {
        String currency = Api.uniqueCurrency();
        api.currency(currency);
        List<Map<String, Object>> rates = List.of(
                Map.of("currency", currency, "date", "2026-06-01", "rate", "0"),
                Map.of("currency", "USD", "date", "2026-06-01", "rate", "1.1"),
                Map.of("currency", currency, "date", "2026-06-02", "rate", "1.1234567890123"));
        api.mutate("upsertFxRates", Map.of("rates", rates))
                .path("upsertFxRates.errors[*].field")
                .entityList(Object.class)
                .hasSize(3)
                .path("upsertFxRates.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "rates", "0", "rate")
                .path("upsertFxRates.errors[1].message")
                .entity(String.class)
                .isEqualTo("rates.1.currency is the reporting currency, which always converts at exactly 1");
        graphQl.documentName("currencies")
                .variable("currency", currency)
                .execute()
                .path("fxRates")
                .entityList(Object.class)
                .hasSize(0)
                .path("settings.reportingCurrency")
                .entity(String.class)
                .isEqualTo("USD")
                .path("currencies[0].code")
                .entity(String.class)
                .isEqualTo("USD")
                .path("currencies[0].reporting")
                .entity(Boolean.class)
                .isEqualTo(true);
    }
}
