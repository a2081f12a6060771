package dev.revgraph.currency;

/** A registered currency, with its latest rate (null for the reporting currency). */
public record CurrencyInfo(String code, String name, boolean reporting, FxRate latestRate) {}
