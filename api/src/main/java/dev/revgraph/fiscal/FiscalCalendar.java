package dev.revgraph.fiscal;

import dev.revgraph.shared.RevgraphProperties;
import java.time.YearMonth;
import org.springframework.stereotype.Service;

/**
 * Places calendar months in the fiscal calendar. A fiscal year is named after the calendar year
 * in which it ends, so with a February start, February 2026 is month 1 of fiscal 2027. A service
 * of the fiscal feature: the P&amp;L labels its periods with it.
 */
@Service
public class FiscalCalendar {

    private final int startMonth;

    public FiscalCalendar(RevgraphProperties properties) {
        this.startMonth = properties.fiscalYearStartMonth();
    }

    public int fiscalMonthOfYear(YearMonth month) {
        return Math.floorMod(month.getMonthValue() - startMonth, 12) + 1;
    }

    public int fiscalYear(YearMonth month) {
        return startMonth == 1 || month.getMonthValue() < startMonth ? month.getYear() : month.getYear() + 1;
    }

    public int fiscalQuarter(YearMonth month) {
        return (fiscalMonthOfYear(month) - 1) / 3 + 1;
    }

    public FiscalMonth place(YearMonth month, MonthStatus status) {
        return new FiscalMonth(
                month,
                fiscalYear(month),
                fiscalQuarter(month),
                fiscalMonthOfYear(month),
                month.atDay(1),
                month.atEndOfMonth(),
                status);
    }
}
