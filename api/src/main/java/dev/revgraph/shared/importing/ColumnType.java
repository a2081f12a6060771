package dev.revgraph.shared.importing;

import dev.revgraph.shared.graphql.InputChecks;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;

/**
 * How a cell of the import format is written, checked in Java before the row reaches the
 * database, so every malformed cell is reported with its line and column. {@link #check} returns
 * null for a good cell (and the value PostgreSQL's COPY reads through {@link #copyValue}), or the
 * reason it is bad.
 */
public enum ColumnType {
    /** A dimension or campaign code: the rule of the GraphQL mutations. */
    CODE("text"),
    /** An external id from another system: any text up to 200 characters. */
    EXTERNAL_ID("text"),
    /** A display name, up to 200 characters. */
    NAME("text"),
    /** Free text up to 200 characters (vendor). */
    SHORT_TEXT("text"),
    /** Free text up to 1000 characters (memo). */
    LONG_TEXT("text"),
    /** {@code YYYY-MM-DD}. */
    DATE("date"),
    /** {@code YYYY-MM}; staged as the month's first day. */
    MONTH("date"),
    /** ISO-8601 date and time with offset. */
    DATE_TIME("timestamptz"),
    /** A money amount: plain decimal with a dot, at most 4 decimal places and 15 integer digits. */
    AMOUNT("numeric"),
    /** An FX rate: plain decimal with a dot, at most 12 decimal places and 16 integer digits. */
    RATE("numeric"),
    /** A count: a whole number from 0. */
    COUNT("bigint"),
    /** An ISO 4217 currency code: three capital letters. */
    CURRENCY("text"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** One of the column's listed values. */
    ENUM("text");

    private static final Pattern CODE_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern CURRENCY_PATTERN = Pattern.compile("[A-Z]{3}");
    private static final DateTimeFormatter ISO_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private final String sqlType;

    ColumnType(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The column type of the staging table. */
    public String sqlType() {
        return sqlType;
    }

    /** The staging column's type as jOOQ reads it, matching {@link #sqlType()}. */
    DataType<?> dataType() {
        return switch (sqlType) {
            case "date" -> SQLDataType.LOCALDATE;
            case "timestamptz" -> SQLDataType.TIMESTAMPWITHTIMEZONE;
            case "numeric" -> SQLDataType.NUMERIC;
            case "bigint" -> SQLDataType.BIGINT;
            case "boolean" -> SQLDataType.BOOLEAN;
            default -> SQLDataType.CLOB;
        };
    }

    /** Null when the (non-empty) cell is good, else why it is not. */
    public String check(String value, List<String> enumValues) {
        if (InputChecks.hasNul(value)) {
            return "must not contain the NUL character (U+0000)";
        }
        return switch (this) {
            case CODE ->
                CODE_PATTERN.matcher(value).matches()
                        ? null
                        : "must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit";
            case EXTERNAL_ID, NAME, SHORT_TEXT ->
                value.isBlank() ? "must not be blank" : value.length() > 200 ? "must be at most 200 characters" : null;
            case LONG_TEXT -> value.length() > 1000 ? "must be at most 1000 characters" : null;
            case DATE -> date(value);
            case MONTH -> month(value);
            case DATE_TIME -> dateTime(value);
            case AMOUNT -> decimal(value, 4, 15);
            case RATE -> decimal(value, 12, 16);
            case COUNT -> value.matches("[0-9]{1,18}") ? null : "must be a whole number from 0, like 42";
            case CURRENCY ->
                CURRENCY_PATTERN.matcher(value).matches()
                        ? null
                        : "must be an ISO 4217 currency code of three capital letters, like EUR";
            case BOOLEAN -> value.equals("true") || value.equals("false") ? null : "must be true or false";
            case ENUM -> enumValues.contains(value) ? null : "must be one of " + String.join(", ", enumValues);
        };
    }

    /** The text COPY reads for a good cell. */
    public String copyValue(String value) {
        return this == MONTH ? value + "-01" : value;
    }

    private static String date(String value) {
        try {
            return InputChecks.dateRangeProblem(LocalDate.parse(value, ISO_DATE));
        } catch (DateTimeParseException e) {
            return "must be a date YYYY-MM-DD, like 2026-03-31";
        }
    }

    private static String month(String value) {
        try {
            if (value.length() == 7) {
                return InputChecks.dateRangeProblem(YearMonth.parse(value).atDay(1));
            }
        } catch (DateTimeParseException e) {
            // falls through to the message
        }
        return "must be a month YYYY-MM, like 2026-03";
    }

    private static String dateTime(String value) {
        try {
            return InputChecks.dateRangeProblem(OffsetDateTime.parse(value).toLocalDate());
        } catch (DateTimeParseException e) {
            return "must be an ISO-8601 date and time with offset, like 2026-03-31T09:30:00Z";
        }
    }

    private static String decimal(String value, int maxScale, int maxIntegerDigits) {
        if (!DECIMAL.matcher(value).matches()) {
            return "must be a plain decimal number with a dot, like -1234.5678";
        }
        BigDecimal number = new BigDecimal(value);
        if (number.scale() > maxScale) {
            return "must have at most " + maxScale + " decimal places";
        }
        if (number.precision() - number.scale() > maxIntegerDigits) {
            return "must be less than 10^" + maxIntegerDigits;
        }
        return null;
    }
}
