package dev.revgraph.importing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a directory in the import format for a fictional SaaS company: a three-level segment
 * tree, products, a region tree, channels, departments, FX rates for two foreign currencies,
 * campaigns with daily funnel results, customers with touchpoint journeys that expand, contract, churn and come back, their recurring and one-off
 * revenue, seasonal spend in three currencies, and budgets.
 *
 * <p>Deterministic: the same options write the same bytes. Rows stream straight to the files
 * (only the dimensions and campaigns are held), so {@code scale} can go from a few thousand rows
 * (1) to tens of millions (about 2,500 ledger lines per unit of scale).
 */
public final class DemoData {

    /**
     * @param scale size multiplier: customers, campaigns, spend lines per month
     * @param seed the random seed
     * @param start the first month of data
     * @param months how many months of data
     * @param prefix put before every code and external id, so several datasets can share a database
     * @param reporting the reporting currency (its lines need no rates)
     * @param currencies two further currencies, each with FX rates into the reporting currency
     */
    public record Options(
            int scale,
            long seed,
            YearMonth start,
            int months,
            String prefix,
            String reporting,
            List<String> currencies) {

        public Options {
            if (scale < 1) {
                throw new IllegalArgumentException("scale must be at least 1");
            }
            if (months < 3) {
                throw new IllegalArgumentException("months must be at least 3");
            }
            if (currencies.size() != 2 || currencies.contains(reporting)) {
                throw new IllegalArgumentException("give two currencies other than the reporting currency");
            }
        }

        /** The small dataset of the demo start-up option: 2025 and 2026. */
        public static Options small(String reporting) {
            List<String> foreign = new ArrayList<>(List.of("EUR", "GBP", "USD"));
            foreign.remove(reporting);
            return new Options(1, 42, YearMonth.of(2025, 1), 24, "", reporting, foreign.subList(0, 2));
        }
    }

    /**
     * What the generator wrote, to check a load against.
     *
     * @param rows data rows per file name
     * @param spendByCurrency the sum of spend amounts per currency
     * @param revenueByCurrency the sum of revenue amounts per currency
     * @param recurringLines how many revenue lines are recurring
     */
    public record Tally(
            Map<String, Long> rows,
            Map<String, BigDecimal> spendByCurrency,
            Map<String, BigDecimal> revenueByCurrency,
            long recurringLines) {

        public long ledgerLines() {
            return rows.getOrDefault("spend.csv", 0L) + rows.getOrDefault("revenue.csv", 0L);
        }

        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private record Node(String code, String name, String parent) {}

    private record Campaign(
            String code,
            String department,
            String channel,
            String segment,
            String product,
            String region,
            LocalDate start,
            LocalDate end,
            String currency) {}

    private static final String[][] DEPARTMENTS = {
        {"MKT", "Marketing", "MARKETING"}, {"SALES", "Sales", "SALES"}, {"OPS", "Operations", "OPERATIONS"},
        {"FIN", "Finance", "FINANCE"}, {"PRD", "Product", "PRODUCT"}, {"GA", "General & admin", "GENERAL"}
    };

    // children before parents on purpose: a parent may come later in the same file
    private static final Node[] SEGMENTS = {
        new Node("ENT-FIN-BANK", "Banks", "ENT-FIN"),
        new Node("ENT-FIN-INS", "Insurers", "ENT-FIN"),
        new Node("ENT-HC-HOSP", "Hospitals", "ENT-HC"),
        new Node("ENT-HC-PHARMA", "Pharma", "ENT-HC"),
        new Node("MM-TECH-SAAS", "Software companies", "MM-TECH"),
        new Node("MM-TECH-HW", "Hardware", "MM-TECH"),
        new Node("MM-RET-ECOM", "E-commerce", "MM-RET"),
        new Node("SMB-PRO-AGENCY", "Agencies", "SMB-PRO"),
        new Node("SMB-PRO-LEGAL", "Law firms", "SMB-PRO"),
        new Node("ENT-FIN", "Financial services", "ENT"),
        new Node("ENT-HC", "Healthcare", "ENT"),
        new Node("MM-TECH", "Technology", "MM"),
        new Node("MM-RET", "Retail", "MM"),
        new Node("SMB-PRO", "Professional services", "SMB"),
        new Node("ENT", "Enterprise", null),
        new Node("MM", "Mid-market", null),
        new Node("SMB", "Small business", null)
    };

    private static final String[] LEAF_SEGMENTS = {
        "ENT-FIN-BANK",
        "ENT-FIN-INS",
        "ENT-HC-HOSP",
        "ENT-HC-PHARMA",
        "MM-TECH-SAAS",
        "MM-TECH-HW",
        "MM-RET-ECOM",
        "SMB-PRO-AGENCY",
        "SMB-PRO-LEGAL"
    };

    private static final Node[] REGIONS = {
        new Node("AMER", "Americas", null),
        new Node("NA", "North America", "AMER"),
        new Node("LATAM", "Latin America", "AMER"),
        new Node("EMEA", "Europe, Middle East and Africa", null),
        new Node("UKI", "UK and Ireland", "EMEA"),
        new Node("DACH", "Germany, Austria, Switzerland", "EMEA"),
        new Node("NORDICS", "Nordics", "EMEA"),
        new Node("APAC", "Asia Pacific", null),
        new Node("ANZ", "Australia and New Zealand", "APAC"),
        new Node("JAPAN", "Japan", "APAC")
    };

    private static final String[] LEAF_REGIONS = {"NA", "NA", "NA", "LATAM", "UKI", "DACH", "NORDICS", "ANZ", "JAPAN"};

    private static final String[][] PRODUCTS = {
        {"CORE", "Core platform"},
        {"ANALYTICS", "Analytics add-on"},
        {"API", "API access"},
        {"SUPPORT", "Premium support"},
        {"ONBOARD", "Onboarding (one-off)"}
    };

    private static final String[][] CHANNELS = {
        {"SEARCH", "Paid search", "true"}, {"SOCIAL", "Paid social", "true"}, {"EVENTS", "Events", "true"},
        {"EMAIL", "Email", "false"}, {"ORGANIC", "Organic", "false"}, {"REFERRAL", "Referral", "false"},
        {"PARTNER", "Partner", "false"}
    };

    private final Options o;
    private final Random random;
    private final Map<String, Long> rows = new TreeMap<>();
    private final Map<String, BigDecimal> spend = new TreeMap<>();
    private final Map<String, BigDecimal> revenue = new TreeMap<>();
    private long recurring;

    private DemoData(Options options) {
        this.o = options;
        this.random = new Random(options.seed());
    }

    /** Writes the files into {@code directory} (created if needed) and returns what was written. */
    public static Tally write(Path directory, Options options) {
        try {
            Files.createDirectories(directory);
            return new DemoData(options).writeAll(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Tally writeAll(Path dir) throws IOException {
        try (Csv f = csv(dir, "departments.csv", "code,name,kind")) {
            for (String[] d : DEPARTMENTS) {
                f.row(c(d[0]), d[1], d[2]);
            }
        }
        try (Csv f = csv(dir, "segments.csv", "name,code,parent_code")) { // columns in any order
            for (Node n : SEGMENTS) {
                f.row(n.name(), c(n.code()), n.parent() == null ? null : c(n.parent()));
            }
        }
        try (Csv f = csv(dir, "products.csv", "code,name")) {
            for (String[] p : PRODUCTS) {
                f.row(c(p[0]), p[1]);
            }
        }
        try (Csv f = csv(dir, "regions.csv", "code,name,parent_code")) {
            for (Node n : REGIONS) {
                f.row(c(n.code()), n.name(), n.parent() == null ? null : c(n.parent()));
            }
        }
        try (Csv f = csv(dir, "channels.csv", "code,name,paid")) {
            for (String[] ch : CHANNELS) {
                f.row(c(ch[0]), ch[1], ch[2]);
            }
        }
        writeRates(dir);
        List<Campaign> campaigns = writeCampaigns(dir);
        writeCampaignResults(dir, campaigns);
        writeCustomersAndRevenue(dir, campaigns);
        writeSpend(dir, campaigns);
        writeBudgets(dir);
        writeHeadcount(dir);
        return new Tally(Map.copyOf(rows), Map.copyOf(spend), Map.copyOf(revenue), recurring);
    }

    /** Rates on the 1st and 15th of every month: a random walk around 1.10 and 1.28. */
    private void writeRates(Path dir) throws IOException {
        try (Csv f = csv(dir, "fx_rates.csv", "date,currency,rate")) {
            double[] rate = {1.10, 1.28};
            for (int m = 0; m < o.months(); m++) {
                for (int day : new int[] {1, 15}) {
                    for (int i = 0; i < 2; i++) {
                        rate[i] *= 1 + (random.nextDouble() - 0.5) * 0.02;
                        f.row(
                                o.start().plusMonths(m).atDay(day).toString(),
                                o.currencies().get(i),
                                BigDecimal.valueOf(Math.round(rate[i] * 1_000_000), 6)
                                        .toPlainString());
                    }
                }
            }
        }
    }

    private List<Campaign> writeCampaigns(Path dir) throws IOException {
        List<Campaign> campaigns = new ArrayList<>();
        String[] paid = {"SEARCH", "SOCIAL", "EVENTS", "EMAIL", "PARTNER"};
        String[] tops = {"ENT", "MM", "SMB", "ENT-FIN", "MM-TECH", null};
        String[] products = {"CORE", "ANALYTICS", null};
        String[] regions = {"NA", "EMEA", "UKI", "APAC", null};
        try (Csv f = csv(
                dir,
                "campaigns.csv",
                "code,name,department_code,channel_code,segment_code,product_code,"
                        + "region_code,start_date,end_date,budget_amount,budget_currency")) {
            int count = 8 * o.scale();
            for (int i = 1; i <= count; i++) {
                String channel = pick(paid);
                String region = pick(regions);
                String currency = "UKI".equals(region)
                        ? o.currencies().get(1)
                        : "EMEA".equals(region) ? o.currencies().get(0) : o.reporting();
                LocalDate start = o.start().atDay(1).plusDays(random.nextInt(o.months() * 30 - 60));
                LocalDate end = random.nextInt(5) == 0 ? null : start.plusDays(30 + random.nextInt(150));
                Campaign campaign = new Campaign(
                        c("CMP-" + i),
                        channel.equals("EVENTS") ? "SALES" : "MKT",
                        channel,
                        pick(tops),
                        pick(products),
                        region,
                        start,
                        end,
                        currency);
                campaigns.add(campaign);
                long budget = (5_000 + random.nextInt(95_000)) * 100L;
                f.row(
                        campaign.code(),
                        "Campaign " + i + " (" + channel.toLowerCase() + ")",
                        c(campaign.department()),
                        c(channel),
                        c(campaign.segment()),
                        c(campaign.product()),
                        c(region),
                        start.toString(),
                        end == null ? null : end.toString(),
                        money(budget),
                        currency);
            }
        }
        return campaigns;
    }

    /** Daily funnel figures of every campaign over its run within the data's months. */
    private void writeCampaignResults(Path dir, List<Campaign> campaigns) throws IOException {
        LocalDate last = o.start().plusMonths(o.months()).atDay(1).minusDays(1);
        try (Csv f = csv(dir, "campaign_results.csv", "campaign_code,date,impressions,clicks,leads,opportunities")) {
            for (Campaign campaign : campaigns) {
                LocalDate end = campaign.end() == null || campaign.end().isAfter(last) ? last : campaign.end();
                for (LocalDate day = campaign.start(); !day.isAfter(end); day = day.plusDays(1)) {
                    long impressions = 500 + random.nextInt(20_000);
                    long clicks = impressions * (5 + random.nextInt(40)) / 1_000;
                    long leads = clicks * random.nextInt(12) / 100;
                    long opportunities = leads * random.nextInt(40) / 100;
                    f.row(
                            campaign.code(),
                            day.toString(),
                            Long.toString(impressions),
                            Long.toString(clicks),
                            Long.toString(leads),
                            Long.toString(opportunities));
                }
            }
        }
    }

    /**
     * A customer's journey before it was won: up to four touches on distinct days of the month
     * before its acquisition, the last on its acquisition campaign when it has one.
     */
    private void touchpoints(
            Csv f, String customer, LocalDate acquired, String acquisitionCampaign, List<Campaign> campaigns)
            throws IOException {
        int touches = random.nextInt(5);
        List<Integer> daysBefore = new ArrayList<>();
        while (daysBefore.size() < touches) {
            int d = random.nextInt(30);
            if (!daysBefore.contains(d)) {
                daysBefore.add(d);
            }
        }
        daysBefore.sort(java.util.Comparator.reverseOrder());
        String[] kinds = {"IMPRESSION", "CLICK", "FORM", "EMAIL", "MEETING", "DEMO"};
        for (int t = 0; t < daysBefore.size(); t++) {
            boolean lastTouch = t == daysBefore.size() - 1;
            String campaign = lastTouch && acquisitionCampaign != null
                    ? acquisitionCampaign
                    : campaigns.get(random.nextInt(campaigns.size())).code();
            String at = acquired.minusDays(daysBefore.get(t))
                    .atTime(8 + random.nextInt(10), random.nextInt(60))
                    .atOffset(java.time.ZoneOffset.UTC)
                    .toString();
            f.row(customer, campaign, at, kinds[Math.min(t + random.nextInt(2), kinds.length - 1)]);
        }
    }

    private void writeCustomersAndRevenue(Path dir, List<Campaign> campaigns) throws IOException {
        try (Csv customers = csv(
                        dir,
                        "customers.csv",
                        "external_id,name,segment_code,region_code,acquired_on," + "acquisition_campaign_code");
                Csv lines = csv(
                        dir,
                        "revenue.csv",
                        "external_id,customer_external_id,product_code,recognized_on," + "amount,currency,recurring");
                Csv journeys = csv(dir, "touchpoints.csv", "customer_external_id,campaign_code,occurred_at,kind")) {
            int count = 150 * o.scale();
            for (int i = 1; i <= count; i++) {
                String id = o.prefix() + "cus-" + i;
                String segment = pick(LEAF_SEGMENTS);
                String region = pick(LEAF_REGIONS);
                String currency = region.equals("UKI")
                        ? o.currencies().get(1)
                        : region.equals("DACH") || region.equals("NORDICS")
                                ? o.currencies().get(0)
                                : o.reporting();
                int firstMonth = random.nextInt(o.months() - 2);
                int day = 1 + random.nextInt(28);
                LocalDate acquired = o.start().plusMonths(firstMonth).atDay(day);
                String campaign = random.nextInt(10) < 6
                        ? campaigns.get(random.nextInt(campaigns.size())).code()
                        : null;
                customers.row(
                        id,
                        "Customer " + i + (i % 7 == 0 ? ", Inc." : ""),
                        c(segment),
                        c(region),
                        acquired.toString(),
                        campaign);
                touchpoints(journeys, id, acquired, campaign, campaigns);

                long mrr = switch (segment.substring(0, 2)) {
                    case "EN" -> 200_000 + random.nextInt(600_000);
                    case "MM" -> 40_000 + random.nextInt(110_000);
                    default -> 5_000 + random.nextInt(25_000);
                };
                int seq = 0;
                if (random.nextBoolean()) {
                    revenue(lines, id + "-" + ++seq, id, "ONBOARD", acquired, mrr / 2, currency, false);
                }
                boolean active = true;
                for (int m = firstMonth; m < o.months(); m++) {
                    LocalDate on = o.start().plusMonths(m).atDay(day);
                    if (m > firstMonth) {
                        double dice = random.nextDouble();
                        if (active) {
                            if (dice < 0.03) {
                                active = false; // churn
                            } else if (dice < 0.11) {
                                mrr += mrr * (10 + random.nextInt(30)) / 100; // expansion
                            } else if (dice < 0.15) {
                                mrr -= mrr * (10 + random.nextInt(20)) / 100; // contraction
                            }
                        } else if (dice < 0.10) {
                            active = true; // reactivation
                        }
                    }
                    if (active) {
                        revenue(lines, id + "-" + ++seq, id, "CORE", on, mrr, currency, true);
                        if (random.nextInt(50) == 0) {
                            revenue(
                                    lines,
                                    id + "-" + ++seq,
                                    id,
                                    "SUPPORT",
                                    on,
                                    50_000 + random.nextInt(200_000),
                                    currency,
                                    false);
                        }
                    }
                }
            }
        }
    }

    private void revenue(
            Csv lines,
            String externalId,
            String customer,
            String product,
            LocalDate on,
            long cents,
            String currency,
            boolean isRecurring)
            throws IOException {
        lines.row(
                o.prefix() + "rv-" + externalId,
                customer,
                c(product),
                on.toString(),
                money(cents),
                currency,
                Boolean.toString(isRecurring));
        revenue.merge(currency, BigDecimal.valueOf(cents, 2), BigDecimal::add);
        if (isRecurring) {
            recurring++;
        }
    }

    private void writeSpend(Path dir, List<Campaign> campaigns) throws IOException {
        try (Csv f = csv(
                dir,
                "spend.csv",
                "external_id,department_code,booked_on,amount,currency,category,"
                        + "campaign_code,segment_code,product_code,region_code,vendor,memo")) {
            long n = 0;
            String eur = o.currencies().get(0);
            String gbp = o.currencies().get(1);
            for (int m = 0; m < o.months(); m++) {
                YearMonth month = o.start().plusMonths(m);
                double season = season(month);
                for (String[] d : DEPARTMENTS) {
                    for (int t = 0; t < 2 * o.scale(); t++) {
                        String currency = t % 4 == 1 ? eur : t % 8 == 3 ? gbp : o.reporting();
                        String segment = d[0].equals("SALES") ? new String[] {"ENT", "MM", "SMB"}[t % 3] : null;
                        spend(
                                f,
                                ++n,
                                d[0],
                                month.atDay(25),
                                2_000_000 + random.nextInt(4_000_000),
                                currency,
                                "SALARIES",
                                null,
                                segment,
                                null,
                                null,
                                null,
                                "Payroll " + month + ", team " + (t + 1));
                    }
                    for (int t = 0; t < o.scale(); t++) {
                        spend(
                                f,
                                ++n,
                                d[0],
                                month.atDay(1 + random.nextInt(28)),
                                10_000 + random.nextInt(190_000),
                                o.reporting(),
                                "TOOLS",
                                null,
                                null,
                                null,
                                null,
                                "SaaS vendor " + (1 + t % 5),
                                null);
                    }
                }
                for (int t = 0; t < o.scale(); t++) {
                    spend(
                            f,
                            ++n,
                            "GA",
                            month.atDay(1),
                            1_500_000,
                            t % 2 == 0 ? o.reporting() : eur,
                            "OVERHEAD",
                            null,
                            null,
                            null,
                            t % 2 == 0 ? "NA" : "DACH",
                            "Landlord",
                            "Office rent, \"HQ\"");
                    spend(
                            f,
                            ++n,
                            "PRD",
                            month.atDay(10 + random.nextInt(15)),
                            300_000 + random.nextInt(900_000),
                            gbp,
                            "CONTRACTORS",
                            null,
                            null,
                            "ANALYTICS",
                            "UKI",
                            "Contractor ltd",
                            null);
                    for (String top : new String[] {"ENT", "MM", "SMB"}) {
                        spend(
                                f,
                                ++n,
                                "OPS",
                                month.atDay(28),
                                Math.round((200_000 + random.nextInt(600_000)) * season),
                                o.reporting(),
                                "COST_OF_SERVICE",
                                null,
                                top,
                                "CORE",
                                null,
                                "Cloud provider",
                                "Hosting, " + top + " share");
                    }
                }
                LocalDate first = month.atDay(1);
                LocalDate last = month.atEndOfMonth();
                for (Campaign campaign : campaigns) {
                    if (campaign.start().isAfter(last)
                            || (campaign.end() != null && campaign.end().isBefore(first))) {
                        continue;
                    }
                    int lines = 1 + random.nextInt(3);
                    for (int k = 0; k < lines; k++) {
                        String category = campaign.channel().equals("EVENTS") ? "EVENTS" : "ADVERTISING";
                        spend(
                                f,
                                ++n,
                                campaign.department(),
                                month.atDay(1 + random.nextInt(month.lengthOfMonth())),
                                Math.round((50_000 + random.nextInt(1_500_000)) * season),
                                campaign.currency(),
                                category,
                                campaign.code(),
                                null,
                                null,
                                null,
                                campaign.channel().equals("EVENTS") ? "Venue" : "Ad network",
                                null);
                    }
                }
            }
        }
    }

    private void spend(
            Csv f,
            long n,
            String department,
            LocalDate on,
            long cents,
            String currency,
            String category,
            String campaign,
            String segment,
            String product,
            String region,
            String vendor,
            String memo)
            throws IOException {
        f.row(
                o.prefix() + "sp-" + n,
                c(department),
                on.toString(),
                money(cents),
                currency,
                category,
                campaign,
                c(segment),
                c(product),
                c(region),
                vendor,
                memo);
        spend.merge(currency, BigDecimal.valueOf(cents, 2), BigDecimal::add);
    }

    private void writeBudgets(Path dir) throws IOException {
        try (Csv f = csv(dir, "budgets.csv", "department_code,month,category,amount,currency")) {
            for (int m = 0; m < o.months(); m++) {
                YearMonth month = o.start().plusMonths(m);
                for (String[] d : DEPARTMENTS) {
                    long salaries = 2L * o.scale() * 4_000_000;
                    f.row(c(d[0]), month.toString(), null, money(salaries + o.scale() * 150_000L), o.reporting());
                }
                f.row(
                        c("MKT"),
                        month.toString(),
                        "ADVERTISING",
                        money(Math.round(o.scale() * 6_000_000L * season(month))),
                        o.currencies().get(0));
            }
        }
    }

    /** Each department's FTE of each month: a few people per scale unit, growing by a tenth a quarter. */
    private void writeHeadcount(Path dir) throws IOException {
        try (Csv f = csv(dir, "headcount.csv", "department_code,segment_code,month,fte")) {
            for (int m = 0; m < o.months(); m++) {
                YearMonth month = o.start().plusMonths(m);
                for (int i = 0; i < DEPARTMENTS.length; i++) {
                    BigDecimal fte = BigDecimal.valueOf((long) (i + 2) * o.scale() * 10 + m / 3, 1);
                    f.row(c(DEPARTMENTS[i][0]), null, month.toString(), fte.toPlainString());
                }
            }
        }
    }

    /** Spend peaks in the autumn and dips in summer. */
    private static double season(YearMonth month) {
        return 1
                + 0.25 * Math.sin(2 * Math.PI * (month.getMonthValue() - 7) / 12.0)
                + (month.getMonthValue() == 11 ? 0.4 : 0);
    }

    private String c(String code) {
        return code == null ? null : o.prefix() + code;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String money(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    private Csv csv(Path dir, String name, String header) throws IOException {
        return new Csv(name, Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8), header);
    }

    /** One file being written; counts its rows into the tally. */
    private final class Csv implements AutoCloseable {
        private final String name;
        private final Writer out;
        private final StringBuilder line = new StringBuilder(256);

        Csv(String name, BufferedWriter out, String header) throws IOException {
            this.name = name;
            this.out = out;
            out.write(header);
            out.write('\n');
            rows.put(name, 0L);
        }

        void row(String... cells) throws IOException {
            line.setLength(0);
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                String cell = cells[i];
                if (cell != null) {
                    if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0) {
                        line.append('"').append(cell.replace("\"", "\"\"")).append('"');
                    } else {
                        line.append(cell);
                    }
                }
            }
            line.append('\n');
            out.append(line);
            rows.merge(name, 1L, Long::sum);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
