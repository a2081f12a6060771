package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.retention.RetentionRepository.CohortCell;
import dev.revgraph.retention.RetentionRepository.CustomerScope;
import dev.revgraph.retention.RetentionRepository.Grouped;
import dev.revgraph.shared.report.ReportDimension;
import dev.revgraph.shared.report.SliceFilter;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.RandomWrites;
import dev.revgraph.support.Sql;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The maintained cohort cells (changeset 0057) are always a fresh computation: after every batch of
 * random writes (seeded, so a failure repeats; the year 2088, which no other test uses) the stored
 * member rows, cohort sizes and cells equal a rebuild from the live tables (multisets, exact
 * numerics), and cohortRetention read from the cells equals the computation from the customer-months
 * for random ranges, segments, groupings and filters on the source, under both close versions; a
 * range with a month of a stored close is not read from the cells.
 *
 * <p>The writes: revenue lines (recurring and one-off, USD and K) and reversals, new customers,
 * acquisition days changed, dated assignment rows (segment, region, acquisition campaign), segment
 * moves through {@code updateCustomer}, a campaign's channel re-dated, FX rates, and months closed and
 * reopened; a write the schema refuses (a closed month) changes nothing.
 */
class CohortCellsExactnessTest extends IntegrationTest {

    private static final long SEED = 2088_0057L;
    private static final YearMonth FIRST = YearMonth.of(2088, 1);
    private static final int MONTHS = 4;
    private static final List<String> CAMPAIGNS = List.of("A", "B", "C", "D");
    private static final List<String> SEGMENTS = List.of("XS", "XS1", "XT");
    private static final List<String> REGIONS = Arrays.asList("N", "S", null);
    private static final List<SourceDimension> DIMENSIONS = List.of(SourceDimension.values());
    private static final int BATCHES = 8;

    @Autowired
    Environment environment;

    /** Requests compared cell by cell, and requests with a stored close in their range. */
    private int compared;

    private int computedOnly;

    @Autowired
    RetentionRepository repository;

    @Test
    void maintainedCohortCellsEqualAFreshComputationAfterRandomWrites() {
        Random random = new Random(SEED);
        String prefix = unique("CC");
        CompanyBuilder company = new CompanyBuilder(graphQl, prefix)
                .currency("K", FIRST.atDay(1).toString(), "1.25")
                .department("XM", "MARKETING")
                .channel("XC", true)
                .channel("XD", false)
                .segment("XS", null)
                .segment("XS1", "XS")
                .segment("XT", null)
                .region("N", null)
                .region("S", null);
        for (String letter : CAMPAIGNS) {
            company.campaign(letter, "XM", random.nextBoolean() ? "XC" : "XD", "2087-06-01");
        }
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            String name = "X" + i;
            LocalDate acquiredOn = randomDay(random);
            company.customer(
                    name,
                    pick(random, SEGMENTS),
                    pick(random, REGIONS),
                    acquiredOn.toString(),
                    random.nextInt(4) == 0 ? null : pick(random, CAMPAIGNS));
            customers.add(name);
            for (YearMonth m = YearMonth.from(acquiredOn);
                    !m.isAfter(FIRST.plusMonths(MONTHS - 1));
                    m = m.plusMonths(1)) {
                if (random.nextInt(4) > 0) {
                    company.revenue(
                            name,
                            m.atDay(1 + random.nextInt(28)).toString(),
                            amount(random),
                            random.nextBoolean() ? "K" : "USD",
                            random.nextInt(5) > 0);
                }
            }
        }
        company.build();
        Set<YearMonth> closed = new HashSet<>();

        try (Sql sql = new Sql(environment)) {
            assertExact(sql, prefix, company, random, closed);
            for (int batch = 0; batch < BATCHES; batch++) {
                for (int w = 0; w < 6; w++) {
                    String customer = company.code(customers.get(random.nextInt(customers.size())));
                    switch (random.nextInt(9)) {
                        case 0, 1 -> {
                            String line = revenueLine(customer, randomDay(random), amount(random), random);
                            if (line != null && random.nextInt(3) == 0) {
                                api.mutate("reverseRevenueLine", Map.of("lineId", line));
                            }
                        }
                        case 2 ->
                            quietly(
                                    sql,
                                    "update customer set acquired_on = date '" + randomDay(random)
                                            + "' where external_id = '" + customer + "'");
                        case 3 ->
                            quietly(
                                    sql,
                                    "insert into customer_assignment (customer_id, valid_from, segment_id, region_id,"
                                            + " acquisition_campaign_id) select c.id, date '"
                                            + randomDay(random).minusDays(random.nextInt(40))
                                            + "', (select id from segment where code = '"
                                            + company.code(pick(random, SEGMENTS))
                                            + "'), (select id from region where code = '"
                                            + company.code(pick(random, REGIONS))
                                            + "'), (select id from campaign where code = '"
                                            + company.code(pick(random, CAMPAIGNS))
                                            + "') from customer c where c.external_id = '" + customer + "'");
                        case 4 ->
                            api.mutate(
                                    "updateCustomer",
                                    Map.of(
                                            "externalId",
                                            customer,
                                            "segmentCode",
                                            company.code(pick(random, SEGMENTS)),
                                            "effectiveFrom",
                                            randomDay(random).toString()));
                        case 5 ->
                            quietly(
                                    sql,
                                    "insert into campaign_assignment (campaign_id, valid_from, department_id,"
                                            + " channel_id, segment_id, product_id, region_id)"
                                            + " select k.id, date '"
                                            + randomDay(random).minusDays(random.nextInt(40))
                                            + "', k.department_id, (select id from channel where code = '"
                                            + company.code(random.nextBoolean() ? "XC" : "XD")
                                            + "'), k.segment_id, k.product_id, k.region_id from campaign k"
                                            + " where k.code = '" + company.code(pick(random, CAMPAIGNS)) + "'");
                        case 6 ->
                            api.mutate(
                                    "upsertFxRates",
                                    Map.of(
                                            "rates",
                                            List.of(Map.of(
                                                    "currency",
                                                    company.code("K"),
                                                    "date",
                                                    randomDay(random).toString(),
                                                    "rate",
                                                    "1." + (10 + random.nextInt(80))))));
                        default ->
                            api.mutate(
                                    "createCustomer",
                                    Map.of(
                                            "externalId",
                                            company.code("N" + batch + "_" + w),
                                            "name",
                                            "Customer N" + batch + "_" + w,
                                            "segmentCode",
                                            company.code(pick(random, SEGMENTS)),
                                            "acquiredOn",
                                            randomDay(random).toString(),
                                            "acquisitionCampaignCode",
                                            company.code(pick(random, CAMPAIGNS))));
                    }
                }
                // close or reopen a month of the year
                RandomWrites.closeOrReopen(api, closed, FIRST.plusMonths(random.nextInt(MONTHS)));
                assertExact(sql, prefix, company, random, closed);
            }
            assertThat(closed).as("the writes closed months").isNotEmpty();
            assertThat(compared).as("requests read from the cells").isGreaterThan(20);
            assertThat(computedOnly).as("requests over a stored close").isGreaterThan(5);
        }
    }

    /** The maintained rows equal a rebuild, and the cells read equal the computation for random requests. */
    private void assertExact(Sql sql, String prefix, CompanyBuilder company, Random random, Set<YearMonth> closed) {
        String cur = "(select reporting_currency from mrr_movement_currency)";
        assertThat(sql.differences("select * from cohort_member", "select * from cohort_members(null, " + cur + ")"))
                .as("member rows")
                .isZero();
        String keys = "cohort, segment_id, region_id, acquisition_campaign_id, channel_id";
        assertThat(sql.differences(
                        "select " + keys + ", customers from cohort_size where customers <> 0",
                        "select " + keys + ", count(*) from cohort_members(null, " + cur + ") group by " + keys))
                .as("cohort sizes")
                .isZero();
        String cellKeys = "cohort, month, segment_id, region_id, acquisition_campaign_id, channel_id";
        assertThat(sql.differences(
                        "select " + cellKeys + ", active, mrr, revenue from cohort_cell"
                                + " where active <> 0 or mrr <> 0 or revenue <> 0",
                        "select * from (select " + cellKeys + ", sum(case when u.mrr > 0 then 1 else 0 end) as active,"
                                + " sum(case when u.mrr > 0 then u.mrr else 0 end) as mrr, sum(u.revenue) as revenue"
                                + " from cohort_members(null, " + cur + ") f"
                                + " cross join lateral unnest(f.months, f.mrr, f.revenue) as u(month, mrr, revenue)"
                                + " group by " + cellKeys + ") x where active <> 0 or mrr <> 0 or revenue <> 0"))
                .as("cohort cells")
                .isZero();
        assertThat(sql.count("select count(*) from cohort_member m join customer c on c.id = m.customer_id"
                        + " where c.external_id like '" + prefix + "-%' and cardinality(m.months) > 0"))
                .isPositive();

        String reporting = sql.value("select reporting_currency from mrr_movement_currency")
                .toString();
        for (int r = 0; r < 6; r++) {
            YearMonth first = FIRST.plusMonths(random.nextInt(MONTHS));
            YearMonth last = first.plusMonths(random.nextInt(MONTHS + 2));
            String segment = random.nextInt(3) == 0 ? null : pick(random, SEGMENTS);
            List<Long> segmentIds = segment == null ? null : subtree(sql, company.code(segment));
            SliceFilter where = random.nextBoolean() ? null : filter(sql, company, random);
            List<SourceDimension> dims = new ArrayList<>();
            for (int d = random.nextInt(3); d > 0; d--) {
                SourceDimension dim = pick(random, DIMENSIONS);
                if (!dims.contains(dim)) {
                    dims.add(dim);
                }
            }
            CustomerScope scope = new CustomerScope(
                    segmentIds,
                    null,
                    first.atDay(1),
                    last.atEndOfMonth(),
                    where == null ? null : repository.sourceCondition(where));
            boolean storedClose = sql.count("select count(*) from reported_close where month between date '"
                            + first.atDay(1) + "' and date '" + last.atDay(1) + "'")
                    > 0;
            for (boolean firstReported : List.of(true, false)) {
                List<Grouped<CohortCell>> computed =
                        repository.computedCohorts(last.atDay(1), reporting, scope, null, dims, firstReported);
                List<Grouped<CohortCell>> maintained =
                        repository.maintainedCohorts(last.atDay(1), reporting, scope, dims, firstReported);
                String request = "%s..%s segment %s dims %s where %s first %s closed %s"
                        .formatted(first, last, segment, dims, where, firstReported, closed);
                if (storedClose) {
                    assertThat(maintained)
                            .as("a stored close in the range computes: %s", request)
                            .isEmpty();
                    computedOnly++;
                    continue;
                }
                if (!computed.isEmpty()) {
                    compared++;
                }
                assertThat(maintained).as(request).hasSameSizeAs(computed);
                for (int i = 0; i < computed.size(); i++) {
                    assertThat(maintained.get(i).labels())
                            .as(request)
                            .isEqualTo(computed.get(i).labels());
                    CohortCell m = maintained.get(i).figures();
                    CohortCell c = computed.get(i).figures();
                    assertThat(List.of(m.cohort(), m.monthsSince(), m.month(), m.size(), m.active()))
                            .as(request)
                            .isEqualTo(List.of(c.cohort(), c.monthsSince(), c.month(), c.size(), c.active()));
                    assertThat(m.mrr()).as(request).isEqualByComparingTo(c.mrr());
                    assertThat(m.firstMonthMrr()).as(request).isEqualByComparingTo(c.firstMonthMrr());
                    assertThat(m.cumulativeRevenue()).as(request).isEqualByComparingTo(c.cumulativeRevenue());
                    assertThat(m.missingRate()).as(request).isEqualTo(c.missingRate());
                }
            }
        }
    }

    /** A random filter on the source: a region, a channel not taken, a campaign or no campaign, a segment. */
    private static SliceFilter filter(Sql sql, CompanyBuilder company, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> ids(ReportDimension.REGION, id(sql, "region", company.code(random.nextBoolean() ? "N" : "S")));
            case 1 ->
                new SliceFilter(
                        Map.of(),
                        null,
                        Set.of(),
                        List.of(),
                        List.of(),
                        ids(ReportDimension.CHANNEL, id(sql, "channel", company.code("XC"))));
            case 2 ->
                new SliceFilter(
                        Map.of(
                                ReportDimension.CAMPAIGN,
                                List.of(id(sql, "campaign", company.code(pick(random, CAMPAIGNS))))),
                        null,
                        Set.of(ReportDimension.CAMPAIGN),
                        List.of(),
                        List.of(),
                        null);
            default ->
                new SliceFilter(
                        Map.of(ReportDimension.SEGMENT, subtree(sql, company.code("XS"))),
                        null,
                        Set.of(),
                        List.of(),
                        List.of(),
                        null);
        };
    }

    private static SliceFilter ids(ReportDimension dimension, long id) {
        return new SliceFilter(Map.of(dimension, List.of(id)), null, Set.of(), List.of(), List.of(), null);
    }

    private static long id(Sql sql, String table, String code) {
        return ((Number) sql.value("select id from " + table + " where code = ?", code)).longValue();
    }

    /** A segment and every segment below it. */
    private static List<Long> subtree(Sql sql, String code) {
        List<Long> ids = new ArrayList<>();
        for (String id : sql.value(
                        "with recursive t as (select id from segment where code = ?"
                                + " union all select s.id from segment s join t on s.parent_id = t.id)"
                                + " select string_agg(id::text, ',') from t",
                        code)
                .toString()
                .split(",")) {
            ids.add(Long.parseLong(id));
        }
        return ids;
    }

    /** A statement the schema may refuse (a closed month): refused, it writes nothing. */
    private static void quietly(Sql sql, String statement) {
        try {
            sql.execute(statement);
        } catch (IllegalStateException refused) {
            assertThat(refused.getCause().getMessage()).contains("is closed");
        }
    }

    /** Records a revenue line in USD; its id, or null when refused (a closed month). */
    private String revenueLine(String customer, LocalDate day, String amount, Random random) {
        return api.revenueUnlessRefused(customer, day.toString(), amount, "USD", random.nextInt(4) > 0);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static LocalDate randomDay(Random random) {
        YearMonth month = FIRST.plusMonths(random.nextInt(MONTHS));
        return month.atDay(1 + random.nextInt(month.lengthOfMonth()));
    }

    private static String amount(Random random) {
        return (1 + random.nextInt(9000)) + "." + String.format("%02d", random.nextInt(100));
    }
}
