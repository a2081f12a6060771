package dev.revgraph.fiscal;

import java.time.LocalDate;
import java.time.YearMonth;

/** A calendar month placed in the fiscal calendar, with its status. */
public record FiscalMonth(
        YearMonth month,
        int fiscalYear,
        int fiscalQuarter,
        int fiscalMonthOfYear,
        LocalDate firstDay,
        LocalDate lastDay,
        MonthStatus status) {}
