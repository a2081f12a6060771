package dev.revgraph.support;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Builds a test company through the real GraphQL API, so that every test with hand-worked figures
 * makes its data the same way. Steps name things the way the test's table of figures does (segment
 * {@code V}, customer {@code q1}); the builder gives each name a code of its own the first time it is
 * used ({@link IntegrationTest#unique}), so tests sharing the database stay apart, and {@link #code}
 * returns it for the assertions. Amounts are in USD unless a step names a currency.
 *
 * <p>The steps are collected as rows of the import format and sent by {@link #build} as one
 * {@code importCsv} request per file, in the format's load order (departments first, headcount last),
 * each of which must load without an error: a company costs about fourteen requests instead of one
 * per entity. A file of more than {@link #ROWS_PER_REQUEST} rows goes in requests of that many rows
 * each, in order, so a large generated company stays inside the server's request time limit (the
 * import's own speed is measured by {@code bench/import.sh}, not here). Steps that need what came before ({@link #revenueLine}, {@link #close})
 * send the collected rows first.
 */
public final class CompanyBuilder {

    /** The import files the steps fill, with their headers; the enum order is the load order. */
    private enum File {
        DEPARTMENTS("code,name,kind"),
        SEGMENTS("code,name,parent_code"),
        PRODUCTS("code,name"),
        REGIONS("code,name,parent_code"),
        CHANNELS("code,name,paid"),
        FX_RATES("date,currency,rate"),
        CAMPAIGNS("code,name,department_code,channel_code,segment_code,product_code,region_code,start_date,"
                + "end_date,budget_amount,budget_currency,objective"),
        CAMPAIGN_RESULTS("campaign_code,date,impressions,clicks,leads,opportunities"),
        CUSTOMERS("external_id,name,segment_code,region_code,acquired_on,acquisition_campaign_code"),
        TOUCHPOINTS("customer_external_id,campaign_code,occurred_at,kind"),
        SPEND("external_id,department_code,booked_on,amount,currency,category,campaign_code,segment_code,"
                + "product_code,region_code,objective"),
        REVENUE("external_id,customer_external_id,product_code,recognized_on,amount,currency,recurring"),
        BUDGETS("department_code,month,category,amount,currency"),
        HEADCOUNT("department_code,segment_code,month,fte");

        final String header;

        File(String header) {
            this.header = header;
        }
    }

    /** What a spend line (or a campaign, whose own campaign is none) is tagged with, by name; any may be null. */
    public record Tags(String segment, String product, String campaign, String region) {

        public static final Tags NONE = new Tags(null, null, null, null);

        public static Tags segment(String segment) {
            return NONE.andSegment(segment);
        }

        public static Tags campaign(String campaign) {
            return NONE.andCampaign(campaign);
        }

        public Tags andSegment(String name) {
            return new Tags(name, product, campaign, region);
        }

        public Tags andProduct(String name) {
            return new Tags(segment, name, campaign, region);
        }

        public Tags andCampaign(String name) {
            return new Tags(segment, product, name, region);
        }

        public Tags andRegion(String name) {
            return new Tags(segment, product, campaign, name);
        }
    }

    private final GraphQlTester graphQl;
    private final Api api;
    private final String prefix;
    private final Map<String, String> codes = new HashMap<>();
    private final Map<File, List<String>> pending = new EnumMap<>(File.class);

    /** A builder whose codes are each a code of its own ({@link IntegrationTest#unique}). */
    public CompanyBuilder(GraphQlTester graphQl) {
        this(graphQl, null);
    }

    /**
     * A builder whose codes are {@code prefix-name}, so that a test can pick its own rows out of a
     * list of the whole database, and several builders of one prefix name the same things.
     */
    public CompanyBuilder(GraphQlTester graphQl, String prefix) {
        this.graphQl = graphQl;
        this.api = new Api(graphQl);
        this.prefix = prefix;
    }

    /** The code the builder gave {@code name}; null for null (an untagged line, a top-level segment). */
    public String code(String name) {
        if (name == null) {
            return null;
        }
        return codes.computeIfAbsent(name, n -> prefix == null ? IntegrationTest.unique(n) : prefix + "-" + n);
    }

    /**
     * A fresh currency ({@link Api#uniqueCurrency}) with rates given as alternating date and rate;
     * {@link #code} names it. The import of its rates registers it, named by its code; one without
     * rates is registered at once by {@code upsertCurrency}.
     */
    public CompanyBuilder currency(String name, String... datesAndRates) {
        String code = Api.uniqueCurrency();
        codes.put(name, code);
        if (datesAndRates.length == 0) {
            api.currency(code);
        }
        for (int i = 0; i < datesAndRates.length; i += 2) {
            row(File.FX_RATES, datesAndRates[i], code, datesAndRates[i + 1]);
        }
        return this;
    }

    public CompanyBuilder segment(String name, String parent) {
        return row(File.SEGMENTS, code(name), "Segment " + code(name), code(parent));
    }

    public CompanyBuilder department(String name, String kind) {
        return row(File.DEPARTMENTS, code(name), "Department " + code(name), kind);
    }

    public CompanyBuilder product(String name) {
        return row(File.PRODUCTS, code(name), "Product " + code(name));
    }

    public CompanyBuilder region(String name, String parent) {
        return row(File.REGIONS, code(name), "Region " + code(name), code(parent));
    }

    public CompanyBuilder channel(String name, boolean paid) {
        return row(File.CHANNELS, code(name), "Channel " + code(name), Boolean.toString(paid));
    }

    /** A campaign of {@code department} on {@code channel}, running from {@code startDate}. */
    public CompanyBuilder campaign(String name, String department, String channel, String startDate) {
        return campaign(name, department, channel, startDate, null, Tags.NONE, null);
    }

    /**
     * A campaign running from {@code startDate} to {@code endDate} (null: open-ended) whose spend is
     * tagged with the segment, product and region of {@code tags} (its campaign is ignored), with a
     * planned budget in USD (null: none).
     */
    public CompanyBuilder campaign(
            String name,
            String department,
            String channel,
            String startDate,
            String endDate,
            Tags tags,
            String plannedBudget) {
        return campaign(name, department, channel, startDate, endDate, tags, plannedBudget, null);
    }

    /** A campaign with an objective (ACQUISITION, RETENTION, EXPANSION or BRAND; null: the default). */
    public CompanyBuilder campaign(
            String name, String department, String channel, String startDate, Tags tags, String objective) {
        return campaign(name, department, channel, startDate, null, tags, null, objective);
    }

    private CompanyBuilder campaign(
            String name,
            String department,
            String channel,
            String startDate,
            String endDate,
            Tags tags,
            String plannedBudget,
            String objective) {
        return row(
                File.CAMPAIGNS,
                code(name),
                "Campaign " + code(name),
                code(department),
                code(channel),
                code(tags.segment()),
                code(tags.product()),
                code(tags.region()),
                startDate,
                endDate,
                plannedBudget,
                plannedBudget == null ? null : "USD",
                objective);
    }

    /** One day of a campaign's results. */
    public CompanyBuilder results(
            String campaign, String day, int impressions, int clicks, int leads, int opportunities) {
        return row(
                File.CAMPAIGN_RESULTS,
                code(campaign),
                day,
                Integer.toString(impressions),
                Integer.toString(clicks),
                Integer.toString(leads),
                Integer.toString(opportunities));
    }

    public CompanyBuilder customer(String name, String segment, String acquiredOn) {
        return customer(name, segment, null, acquiredOn, null);
    }

    /** A customer with a region and the campaign that acquired it (either may be null). */
    public CompanyBuilder customer(
            String name, String segment, String region, String acquiredOn, String acquisitionCampaign) {
        return row(
                File.CUSTOMERS,
                code(name),
                "Customer " + code(name),
                code(segment),
                code(region),
                acquiredOn,
                code(acquisitionCampaign));
    }

    /** Recurring revenue of {@code customer}, one line of {@code amount} USD on each day. */
    public CompanyBuilder recurring(String customer, String amount, String... days) {
        for (String day : days) {
            revenue(customer, day, amount, "USD", true);
        }
        return this;
    }

    /** One revenue line; {@code currency} is a currency's name given to {@link #currency}, or an ISO code. */
    public CompanyBuilder revenue(String customer, String day, String amount, String currency, boolean recurring) {
        return revenue(customer, null, day, amount, currency, recurring);
    }

    /** One revenue line of {@code product} (null: none). */
    public CompanyBuilder revenue(
            String customer, String product, String day, String amount, String currency, boolean recurring) {
        return row(
                File.REVENUE,
                IntegrationTest.unique("rev"),
                code(customer),
                code(product),
                day,
                amount,
                currencyCode(currency),
                Boolean.toString(recurring));
    }

    /**
     * One revenue line recorded at once by {@code recordRevenueLine}, after the collected rows,
     * returning the line's id (to reverse it).
     */
    public String revenueLine(String customer, String day, String amount, String currency, boolean recurring) {
        build();
        return api.revenue(code(customer), day, amount, currencyCode(currency), recurring);
    }

    /** A spend line in {@code currency} (a name given to {@link #currency}, or an ISO code). */
    public CompanyBuilder spend(
            String department, String day, String amount, String currency, String category, Tags tags) {
        return spend(department, day, amount, currency, category, tags, null);
    }

    /** A spend line with its own objective (null: none, its campaign's applies). */
    public CompanyBuilder spend(
            String department,
            String day,
            String amount,
            String currency,
            String category,
            Tags tags,
            String objective) {
        return row(
                File.SPEND,
                IntegrationTest.unique("spend"),
                code(department),
                day,
                amount,
                currencyCode(currency),
                category,
                code(tags.campaign()),
                code(tags.segment()),
                code(tags.product()),
                code(tags.region()),
                objective);
    }

    /** A department's budget of a month ({@code yyyy-MM}) for every category, in USD. */
    public CompanyBuilder budget(String department, String month, String amount) {
        return budget(department, month, null, amount, "USD");
    }

    /** A department's budget of a month for {@code category} (null: every category) in {@code currency}. */
    public CompanyBuilder budget(String department, String month, String category, String amount, String currency) {
        return row(File.BUDGETS, code(department), month, category, amount, currencyCode(currency));
    }

    /** A department's headcount (FTE) of a month ({@code yyyy-MM}). */
    public CompanyBuilder headcount(String department, String month, String fte) {
        return row(File.HEADCOUNT, code(department), null, month, fte);
    }

    /** A segment's headcount (FTE) of a month ({@code yyyy-MM}). */
    public CompanyBuilder segmentHeadcount(String segment, String month, String fte) {
        return row(File.HEADCOUNT, null, code(segment), month, fte);
    }

    /** Touchpoints given as (customer, campaign, occurredAt) triples, all of kind CLICK. */
    public CompanyBuilder touches(String... customerCampaignTime) {
        for (int i = 0; i < customerCampaignTime.length; i += 3) {
            touch(customerCampaignTime[i], customerCampaignTime[i + 1], customerCampaignTime[i + 2], "CLICK");
        }
        return this;
    }

    /** One touchpoint of {@code kind} (CLICK, EMAIL, FORM, MEETING, ...). */
    public CompanyBuilder touch(String customer, String campaign, String occurredAt, String kind) {
        return row(File.TOUCHPOINTS, code(customer), code(campaign), occurredAt, kind);
    }

    /**
     * The input of {@code createAllocationRule}: {@code source}'s spend (of {@code categories}; null:
     * every category) onto targets of {@code dimension} by {@code driver}, in force from {@code from}
     * to {@code to} (null: open-ended); the targets as alternating name and share (null: no share).
     */
    public Map<String, Object> allocationRuleInput(
            String code,
            String source,
            List<String> categories,
            String dimension,
            String driver,
            YearMonth from,
            YearMonth to,
            String... targetsAndShares) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (int i = 0; i < targetsAndShares.length; i += 2) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("code", code(targetsAndShares[i]));
            if (targetsAndShares[i + 1] != null) {
                target.put("share", targetsAndShares[i + 1]);
            }
            targets.add(target);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("code", code(code));
        input.put("name", "Rule " + code);
        input.put("sourceDepartmentCode", code(source));
        input.put("sourceCategories", categories);
        input.put("targetDimension", dimension);
        input.put("driver", driver);
        input.put("targets", targets);
        input.put("effectiveFrom", from.toString());
        input.put("effectiveTo", to == null ? null : to.toString());
        return input;
    }

    /** Creates the rule of {@link #allocationRuleInput} at once (after the collected rows); it must be accepted. */
    public CompanyBuilder allocationRule(
            String code,
            String source,
            List<String> categories,
            String dimension,
            String driver,
            YearMonth from,
            YearMonth to,
            String... targetsAndShares) {
        build();
        api.mutate(
                        "createAllocationRule",
                        allocationRuleInput(code, source, categories, dimension, driver, from, to, targetsAndShares))
                .path("createAllocationRule.errors")
                .entityList(Object.class)
                .hasSize(0);
        return this;
    }

    /** Closes {@code month} by {@code closeMonth}, after the collected rows. */
    public CompanyBuilder close(YearMonth month) {
        build();
        api.close(month);
        return this;
    }

    /** The most rows one {@code importCsv} request of {@link #build} carries. */
    static final int ROWS_PER_REQUEST = 10_000;

    /**
     * Sends the collected rows, one {@code importCsv} per file in load order (several, in order, for
     * a file of more than {@link #ROWS_PER_REQUEST} rows); each must load whole.
     */
    public CompanyBuilder build() {
        pending.forEach((file, rows) -> {
            for (int first = 0; first < rows.size(); first += ROWS_PER_REQUEST) {
                List<String> part = rows.subList(first, Math.min(rows.size(), first + ROWS_PER_REQUEST));
                StringBuilder content = new StringBuilder(file.header).append('\n');
                part.forEach(row -> content.append(row).append('\n'));
                graphQl.documentName("importCsv")
                        .variable("input", Map.of("file", file.name(), "content", content.toString()))
                        .execute()
                        .path("importCsv.errors")
                        .entityList(Object.class)
                        .hasSize(0)
                        .path("importCsv.result.inserted")
                        .entity(Integer.class)
                        .isEqualTo(part.size());
            }
        });
        pending.clear();
        return this;
    }

    private String currencyCode(String currency) {
        return codes.getOrDefault(currency, currency);
    }

    private CompanyBuilder row(File file, String... cells) {
        List<String> quoted = new ArrayList<>();
        for (String cell : cells) {
            quoted.add(csv(cell));
        }
        pending.computeIfAbsent(file, f -> new ArrayList<>()).add(String.join(",", quoted));
        return this;
    }

    /** A CSV cell: empty for null, quoted when it holds a comma, quote or line break. */
    private static String csv(String cell) {
        if (cell == null) {
            return "";
        }
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
