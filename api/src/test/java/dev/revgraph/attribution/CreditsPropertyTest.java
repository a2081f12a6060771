package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.attribution.AttributionRepository.PerformanceFigures;
import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Properties of the credits over random touch sequences (seeded, so a failure repeats).
 *
 * <p>Each run makes a month R of its own, five campaigns A..E (code order = letter order; A and C
 * spend in currency K at 1.50, B and D in USD, E spends nothing), and 24 customers acquired on
 * d1..d24 of R, one per day. A customer has 0 to 7 touches on random campaigns at times drawn from
 * a few hours of the 40 days before its acquisition up to the day after it (so touches tie in time,
 * tie on campaign and fall after the end of the acquisition day), a random acquisition campaign or
 * none, and 0 to 2 revenue lines of 2 to 4 decimals in USD or K from its acquisition day to the end
 * of R.
 *
 * <ul>
 *   <li>Full precision (the repository's figures, which the served ones are rounded from): under every
 *       model each customer's credits sum to exactly 1 (the report over its acquisition day alone),
 *       and the credited customers of all rows, the unattributed row included, sum to exactly 24.
 *   <li>Served (GraphQL over HTTP): for the four rational models every row's customers, attributed
 *       revenue, CAC, ROAS and ROI equal the exact value, worked out here with exact fractions from
 *       the generated touches, rounded half-up.
 * </ul>
 */
class CreditsPropertyTest extends IntegrationTest {

    private static final long SEED = 20261130L;
    private static final int CUSTOMERS = 24;
    private static final List<String> RATIONAL = List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED");
    private static final BigDecimal K_RATE = new BigDecimal("1.50");

    @Autowired
    AttributionRepository repository;

    /** One generated touch: its campaign letter and instant. */
    record Touch(String letter, Instant at) {}

    /** One generated customer: its acquisition day, touches, acquisition campaign letter (or null), revenue in USD. */
    record Customer(
            String externalId,
            LocalDate acquiredOn,
            List<Touch> touches,
            String acquisitionLetter,
            BigDecimal revenue) {}

    /** An exact fraction num / den (den > 0). */
    record Q(BigDecimal num, BigDecimal den) {
        static final Q ZERO = new Q(BigDecimal.ZERO, BigDecimal.ONE);

        static Q of(long num, long den) {
            return new Q(BigDecimal.valueOf(num), BigDecimal.valueOf(den));
        }

        Q plus(Q o) {
            return new Q(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Q times(BigDecimal factor) {
            return new Q(num.multiply(factor), den);
        }
    }

    @Test
    void creditsSumToOneAndServedFiguresAreTheExactValuesRounded() {
        Random random = new Random(SEED);
        YearMonth r = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .currency("K", r.minusMonths(2).atDay(1).toString(), K_RATE.toPlainString())
                .department("QM", "MARKETING")
                .channel("QC", true)
                .segment("QS", null);
        List<String> letters = List.of("A", "B", "C", "D", "E");
        for (String letter : letters) {
            company.campaign(letter, "QM", "QC", r.minusMonths(2).atDay(1).toString());
        }

        // spend: A and C in K, B and D in USD, E none
        Map<String, BigDecimal> spend = new HashMap<>();
        for (String letter : List.of("A", "B", "C", "D")) {
            boolean inK = letter.equals("A") || letter.equals("C");
            BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(900_000), 2 + random.nextInt(3));
            company.spend(
                    "QM",
                    r.atDay(1 + random.nextInt(28)).toString(),
                    amount.toPlainString(),
                    inK ? "K" : "USD",
                    "ADVERTISING",
                    Tags.campaign(letter));
            spend.put(letter, inK ? amount.multiply(K_RATE) : amount);
        }
        spend.put("E", BigDecimal.ZERO);

        List<Customer> customers = new ArrayList<>();
        int[] hours = {0, 9, 9, 23};
        for (int i = 0; i < CUSTOMERS; i++) {
            LocalDate acquiredOn = r.atDay(i + 1);
            String id = "QK" + i;
            List<Touch> touches = new ArrayList<>();
            int count = random.nextInt(8);
            while (touches.size() < count) {
                Touch t = new Touch(
                        letters.get(random.nextInt(5)),
                        acquiredOn
                                .minusDays(random.nextInt(40) - 1)
                                .atTime(hours[random.nextInt(hours.length)], 0)
                                .toInstant(ZoneOffset.UTC));
                if (!touches.contains(t)) {
                    touches.add(t);
                }
            }
            String acquisition = random.nextInt(3) == 0 ? null : letters.get(random.nextInt(5));
            company.customer(id, "QS", null, acquiredOn.toString(), acquisition);
            for (Touch t : touches) {
                company.touches(id, t.letter(), t.at().toString());
            }
            BigDecimal revenue = BigDecimal.ZERO;
            for (int line = random.nextInt(3); line > 0; line--) {
                boolean inK = random.nextBoolean();
                BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(5_000_000), 2 + random.nextInt(3));
                LocalDate on =
                        acquiredOn.plusDays(random.nextInt(r.atEndOfMonth().getDayOfMonth() - i));
                company.revenue(id, on.toString(), amount.toPlainString(), inK ? "K" : "USD", true);
                revenue = revenue.add(inK ? amount.multiply(K_RATE) : amount);
            }
            customers.add(new Customer(company.code(id), acquiredOn, touches, acquisition, revenue));
        }
        company.build();

        for (String model : List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY")) {
            AttributionModel m = AttributionModel.valueOf(model);
            // each customer alone: its credits sum to exactly 1
            for (Customer c : customers) {
                List<PerformanceFigures> day = performance(c.acquiredOn(), c.acquiredOn(), m, 7);
                assertThat(credited(day))
                        .as("%s: credits of %s over %s", model, c, day.get(0).denominator())
                        .isEqualByComparingTo(day.get(0).denominator());
                assertThat(total(day).customers())
                        .as("%s: total of %s", model, c)
                        .isEqualByComparingTo(day.get(0).denominator());
            }
            // the whole range: every row, the unattributed one included, sums to the customers acquired
            List<PerformanceFigures> month = performance(r.atDay(1), r.atEndOfMonth(), m, 7);
            BigDecimal denominator = month.get(0).denominator();
            assertThat(credited(month).divide(denominator))
                    .as(model)
                    .isEqualByComparingTo(BigDecimal.valueOf(CUSTOMERS));
            assertThat(total(month).customers().divide(denominator))
                    .as(model)
                    .isEqualByComparingTo(BigDecimal.valueOf(CUSTOMERS));
        }

        for (String model : RATIONAL) {
            Map<String, Q> credits = new HashMap<>();
            Map<String, Q> revenue = new HashMap<>();
            for (Customer c : customers) {
                exactCredits(model, c).forEach((letter, q) -> {
                    credits.merge(letter, q, Q::plus);
                    revenue.merge(letter, q.times(c.revenue()), Q::plus);
                });
            }
            GraphQlTester.Response response = graphQl.documentName("campaignPerformance")
                    .variable("from", r.atDay(1).toString())
                    .variable("to", r.atEndOfMonth().toString())
                    .variable("model", model)
                    .execute();
            Map<String, Map<String, Object>> rows = rows(response);
            for (String letter : letters) {
                Q q = credits.getOrDefault(letter, Q.ZERO);
                Q rev = revenue.getOrDefault(letter, Q.ZERO);
                assertThat(pick(rows.get(company.code(letter)), "customers", "attributedRevenue", "cac", "roas", "roi"))
                        .as("%s %s", model, letter)
                        .isEqualTo(served(q, rev, spend.get(letter), false));
            }
            Q none = credits.getOrDefault(null, Q.ZERO);
            Map<String, Object> unattributed = rows.get("unattributed");
            if (none.num().signum() == 0) {
                assertThat(unattributed).as(model).isNull();
            } else {
                assertThat(pick(unattributed, "customers", "attributedRevenue", "cac", "roas", "roi"))
                        .as(model)
                        .isEqualTo(served(none, revenue.get(null), BigDecimal.ZERO, true));
            }
            BigDecimal allRevenue = customers.stream().map(Customer::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal allSpend = spend.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            Map<String, Object> total =
                    response.path("campaignPerformance.total").entity(Map.class).get();
            assertThat(pick(total, "customers", "attributedRevenue", "cac", "roas", "roi"))
                    .as(model)
                    .isEqualTo(served(Q.of(CUSTOMERS, 1), new Q(allRevenue, BigDecimal.ONE), allSpend, false));
        }
    }

    /**
     * TIME_DECAY keeps at least 20 significant digits: a touch 100 days before the customer's newest
     * one weighs 2^(-100/7) = 0.0000500693.. against 1, so its credit is w / (1 + w) = 0.0000500668..;
     * worked out here to 60 digits (w from its 7th power, 2^-100, by Newton's method) and compared
     * with the report's full-precision credit. A power or a division carried to 20 decimals keeps only
     * about 16 significant digits of it.
     */
    @Test
    void timeDecayCreditsKeepTwentySignificantDigits() {
        YearMonth r = Api.uniqueMonth();
        LocalDate acquiredOn = r.atDay(20);
        String start = r.minusMonths(6).atDay(1).toString();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("QM", "MARKETING")
                .channel("QC", true)
                .segment("QS", null)
                .campaign("O", "QM", "QC", start)
                .campaign("N", "QM", "QC", start)
                .customer("QK", "QS", acquiredOn.toString())
                .touches(
                        "QK",
                        "O",
                        acquiredOn.minusDays(103) + "T12:00:00Z",
                        "QK",
                        "N",
                        acquiredOn.minusDays(3) + "T12:00:00Z")
                .build();

        MathContext mc = new MathContext(60);
        BigDecimal c = BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(100)); // exact
        BigDecimal w = new BigDecimal("0.00005");
        for (int i = 0; i < 200; i++) { // Newton for w^7 = c
            w = w.multiply(BigDecimal.valueOf(6))
                    .add(c.divide(w.pow(6, mc), mc))
                    .divide(BigDecimal.valueOf(7), mc);
        }
        BigDecimal expected = w.divide(BigDecimal.ONE.add(w), mc);
        assertThat(expected.round(new MathContext(6)).toPlainString()).isEqualTo("0.0000500668");

        Map<String, PerformanceFigures> rows =
                performance(r.atDay(1), r.atEndOfMonth(), AttributionModel.TIME_DECAY, 7).stream()
                        .filter(f -> f.code() != null)
                        .collect(Collectors.toMap(PerformanceFigures::code, f -> f));
        PerformanceFigures old = rows.get(company.code("O"));
        BigDecimal credit = old.customers().divide(old.denominator(), mc);
        BigDecimal relativeError = credit.subtract(expected).abs().divide(expected, mc);
        assertThat(relativeError).as("credit %s, expected %s", credit, expected).isLessThan(new BigDecimal("1e-20"));
        PerformanceFigures newest = rows.get(company.code("N"));
        assertThat(newest.customers().add(old.customers())).isEqualByComparingTo(old.denominator());
    }

    /** The report by campaign in USD, the reporting currency, as the latest closes stored it. */
    private List<PerformanceFigures> performance(
            LocalDate from, LocalDate to, AttributionModel model, int halfLifeDays) {
        return repository.performance(
                AttributionRequest.of(from, to, model, halfLifeDays).in("USD"), CampaignGroupBy.CAMPAIGN, "USD");
    }

    /** A customer's exact credits by campaign letter (null: the unattributed row), as docs/metrics.md defines them. */
    private static Map<String, Q> exactCredits(String model, Customer c) {
        Instant end = c.acquiredOn().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        List<Touch> touches = c.touches().stream()
                .filter(t -> t.at().isBefore(end))
                .sorted(Comparator.comparing(Touch::at).thenComparing(Touch::letter))
                .toList();
        Map<String, Q> credits = new LinkedHashMap<>();
        int n = touches.size();
        if (n == 0) {
            credits.put(c.acquisitionLetter(), Q.of(1, 1));
            return credits;
        }
        for (int i = 0; i < n; i++) {
            boolean first = i == 0;
            boolean last = i == n - 1;
            Q q = switch (model) {
                case "FIRST_TOUCH" -> first ? Q.of(1, 1) : Q.ZERO;
                case "LAST_TOUCH" -> last ? Q.of(1, 1) : Q.ZERO;
                case "LINEAR" -> Q.of(1, n);
                default ->
                    n == 1 ? Q.of(1, 1) : n == 2 ? Q.of(1, 2) : first || last ? Q.of(2, 5) : Q.of(1, 5L * (n - 2));
            };
            credits.merge(touches.get(i).letter(), q, Q::plus);
        }
        return credits;
    }

    /** customers, attributedRevenue, cac, roas, roi of a row, each the exact value rounded half-up. */
    private static List<String> served(Q customers, Q revenue, BigDecimal spend, boolean unattributed) {
        return Arrays.asList(
                round(customers.num(), customers.den(), 4),
                round(revenue.num(), revenue.den(), 2),
                unattributed ? null : round(spend.multiply(customers.den()), customers.num(), 2),
                round(revenue.num(), revenue.den().multiply(spend), 4),
                round(
                        revenue.num().subtract(spend.multiply(revenue.den())),
                        revenue.den().multiply(spend),
                        4));
    }

    private static String round(BigDecimal numerator, BigDecimal denominator, int scale) {
        return denominator.signum() == 0
                ? null
                : numerator.divide(denominator, scale, RoundingMode.HALF_UP).toPlainString();
    }

    private static BigDecimal credited(List<PerformanceFigures> figures) {
        return figures.stream()
                .filter(f -> !f.total())
                .map(PerformanceFigures::customers)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static PerformanceFigures total(List<PerformanceFigures> figures) {
        return figures.stream().filter(PerformanceFigures::total).findFirst().orElseThrow();
    }

    /** The report's rows keyed by code; the unattributed row under "unattributed". */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> rows(GraphQlTester.Response response) {
        Map<String, Map<String, Object>> byCode = new HashMap<>();
        for (Map<String, Object> row : response.path("campaignPerformance.rows")
                .entityList((Class<Map<String, Object>>) (Class<?>) Map.class)
                .get()) {
            byCode.put(Boolean.TRUE.equals(row.get("unattributed")) ? "unattributed" : (String) row.get("code"), row);
        }
        return byCode;
    }

    private static List<Object> pick(Map<String, Object> row, String... fields) {
        return Arrays.stream(fields).map(row::get).collect(Collectors.toList());
    }
}
