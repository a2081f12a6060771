package dev.revgraph.currency;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The value of one unit of a currency in the reporting currency, from a date on. */
public record FxRate(String currency, LocalDate date, BigDecimal rate) {}
