package dev.revgraph.fiscal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.RevgraphProperties;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class FiscalCalendarTest {

    private static FiscalCalendar startingIn(int month) {
        return new FiscalCalendar(new RevgraphProperties("USD", month, null, null));
    }

    @Test
    void calendarYearWhenTheFiscalYearStartsInJanuary() {
        FiscalMonth m = startingIn(1).place(YearMonth.of(2026, 5), MonthStatus.OPEN);
        assertThat(m.fiscalYear()).isEqualTo(2026);
        assertThat(m.fiscalQuarter()).isEqualTo(2);
        assertThat(m.fiscalMonthOfYear()).isEqualTo(5);
        assertThat(m.lastDay()).hasToString("2026-05-31");
    }

    @Test
    void aFebruaryStartNamesTheYearAfterTheYearItEnds() {
        FiscalCalendar calendar = startingIn(2);
        // February 2026 .. January 2027 is fiscal 2027
        assertThat(calendar.fiscalYear(YearMonth.of(2026, 2))).isEqualTo(2027);
        assertThat(calendar.fiscalMonthOfYear(YearMonth.of(2026, 2))).isEqualTo(1);
        assertThat(calendar.fiscalYear(YearMonth.of(2027, 1))).isEqualTo(2027);
        assertThat(calendar.fiscalMonthOfYear(YearMonth.of(2027, 1))).isEqualTo(12);
        assertThat(calendar.fiscalQuarter(YearMonth.of(2027, 1))).isEqualTo(4);
        assertThat(calendar.fiscalYear(YearMonth.of(2026, 1))).isEqualTo(2026);
        assertThat(calendar.fiscalQuarter(YearMonth.of(2026, 4))).isEqualTo(1);
        assertThat(calendar.fiscalQuarter(YearMonth.of(2026, 5))).isEqualTo(2);
    }

    @Test
    void anOctoberStart() {
        FiscalCalendar calendar = startingIn(10);
        assertThat(calendar.fiscalYear(YearMonth.of(2025, 10))).isEqualTo(2026);
        assertThat(calendar.fiscalYear(YearMonth.of(2026, 9))).isEqualTo(2026);
        assertThat(calendar.fiscalQuarter(YearMonth.of(2026, 9))).isEqualTo(4);
        assertThat(calendar.fiscalQuarter(YearMonth.of(2025, 12))).isEqualTo(1);
    }
}
