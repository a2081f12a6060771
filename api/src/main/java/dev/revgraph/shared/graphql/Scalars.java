package dev.revgraph.shared.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The custom scalars of the contract. {@code Decimal} travels as a string in both directions so
 * that no client turns money into a binary double; a JSON number in variables is refused unless
 * it is a whole number, which converts exactly.
 */
@Configuration(proxyBeanMethods = false)
class Scalars {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d{1,28}(\\.\\d{1,16})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    @Bean
    RuntimeWiringConfigurer scalarWiring() {
        return wiring -> wiring.scalar(decimal())
                .scalar(textScalar("Date", "an ISO date YYYY-MM-DD", LocalDate.class, LocalDate::parse))
                .scalar(textScalar(
                        "DateTime",
                        "an ISO date-time with offset, such as 2026-03-01T09:30:00Z",
                        OffsetDateTime.class,
                        OffsetDateTime::parse))
                .scalar(textScalar("YearMonth", "a month YYYY-MM", YearMonth.class, YearMonth::parse))
                .scalar(textScalar("Currency", "an ISO 4217 code of three capital letters", String.class, s -> {
                    if (!CURRENCY.matcher(s).matches()) {
                        throw new IllegalArgumentException(s);
                    }
                    return s;
                }));
    }

    static BigDecimal parseDecimal(String text) {
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("Decimal must be a plain decimal such as \"-1234.56\" "
                    + "(no exponent, no thousands separator, at most 28 integer digits), got \"" + abbreviate(text)
                    + "\"");
        }
        return new BigDecimal(text);
    }

    private static GraphQLScalarType decimal() {
        return GraphQLScalarType.newScalar()
                .name("Decimal")
                .description("An exact decimal carried as a string.")
                .coercing(new Coercing<BigDecimal, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof BigDecimal d) {
                            return d.toPlainString();
                        }
                        throw new CoercingSerializeException("not a decimal");
                    }

                    @Override
                    public BigDecimal parseValue(Object input, GraphQLContext context, Locale locale) {
                        try {
                            if (input instanceof String s) {
                                return parseDecimal(s);
                            }
                            if (input instanceof Integer || input instanceof Long || input instanceof BigInteger) {
                                return new BigDecimal(input.toString());
                            }
                        } catch (IllegalArgumentException e) {
                            throw new CoercingParseValueException(e.getMessage());
                        }
                        throw new CoercingParseValueException(
                                "Decimal must be sent as a string such as \"1234.56\" so that no cent is lost");
                    }

                    @Override
                    public BigDecimal parseLiteral(
                            Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                        try {
                            if (input instanceof StringValue s) {
                                return parseDecimal(s.getValue());
                            }
                            if (input instanceof IntValue i) {
                                return new BigDecimal(i.getValue());
                            }
                            if (input instanceof FloatValue f) {
                                return parseDecimal(f.getValue().toString());
                            }
                        } catch (IllegalArgumentException e) {
                            throw new CoercingParseLiteralException(e.getMessage());
                        }
                        throw new CoercingParseLiteralException("Decimal must be a string such as \"1234.56\"");
                    }
                })
                .build();
    }

    private static <T> GraphQLScalarType textScalar(
            String name, String expected, Class<T> type, Function<String, T> parser) {
        return GraphQLScalarType.newScalar()
                .name(name)
                .description(name + ": " + expected + ".")
                .coercing(new Coercing<T, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        if (type.isInstance(value)) {
                            return value.toString();
                        }
                        throw new CoercingSerializeException("not a " + name);
                    }

                    @Override
                    public T parseValue(Object input, GraphQLContext context, Locale locale) {
                        if (input instanceof String s) {
                            try {
                                return parser.apply(s);
                            } catch (DateTimeParseException | IllegalArgumentException e) {
                                // fall through to the message below
                            }
                        }
                        throw new CoercingParseValueException(message(input));
                    }

                    @Override
                    public T parseLiteral(
                            Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                        if (input instanceof StringValue s) {
                            try {
                                return parser.apply(s.getValue());
                            } catch (DateTimeParseException | IllegalArgumentException e) {
                                throw new CoercingParseLiteralException(message(s.getValue()));
                            }
                        }
                        throw new CoercingParseLiteralException(name + " must be a string: " + expected);
                    }

                    private String message(Object input) {
                        return name + " must be " + expected + ", got "
                                + (input instanceof String s ? "\"" + abbreviate(s) + "\"" : "a non-string value");
                    }
                })
                .build();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
