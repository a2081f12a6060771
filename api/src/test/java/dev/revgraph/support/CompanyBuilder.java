package dev.revgraph.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Builds a test company through the real GraphQL API, each step one mutation that must succeed,
 * so that every test with hand-worked figures makes its data the same way. Steps name things the
 * way the test's table of figures does (segment {@code V}, customer {@code q1}); the builder gives
 * each name a code of its own the first time it is used ({@link IntegrationTest#unique}), so tests
 * sharing the database stay apart, and {@link #code} returns it for the assertions. Amounts are in
 * USD unless a step names a currency.
 */
public final class CompanyBuilder {

    private final Api api;
    private final CampaignApi campaigns;
    private final Map<String, String> codes = new HashMap<>();

    public CompanyBuilder(GraphQlTester graphQl) {
        this.api = new Api(graphQl);
        this.campaigns = new CampaignApi(graphQl);
    }

    /** The code the builder gave {@code name}; null for null (an untagged line, a top-level segment). */
    public String code(String name) {
        return name == null ? null : codes.computeIfAbsent(name, IntegrationTest::unique);
    }

    /** Registers a fresh currency with rates given as alternating date and rate; {@link #code} names it. */
    public CompanyBuilder currency(String name, String... datesAndRates) {
        String code = Api.uniqueCurrency();
        codes.put(name, code);
        api.currency(code, datesAndRates);
        return this;
    }

    public CompanyBuilder segment(String name, String parent) {
        api.segment(code(name), code(parent));
        return this;
    }

    public CompanyBuilder department(String name, String kind) {
        api.department(code(name), kind);
        return this;
    }

    public CompanyBuilder channel(String name, boolean paid) {
        campaigns.channel(code(name), paid);
        return this;
    }

    /** A campaign of {@code department} on {@code channel}, running from {@code startDate}. */
    public CompanyBuilder campaign(String name, String department, String channel, String startDate) {
        campaigns.campaign(code(name), code(department), code(channel), startDate, Map.of());
        return this;
    }

    public CompanyBuilder customer(String name, String segment, String acquiredOn) {
        api.customer(code(name), code(segment), acquiredOn);
        return this;
    }

    /** Recurring revenue of {@code customer}, one line of {@code amount} USD on each day. */
    public CompanyBuilder recurring(String customer, String amount, String... days) {
        for (String day : days) {
            api.revenue(code(customer), day, amount, "USD", true);
        }
        return this;
    }

    /** One revenue line; {@code currency} is a currency's name given to {@link #currency}, or an ISO code. */
    public CompanyBuilder revenue(String customer, String day, String amount, String currency, boolean recurring) {
        revenueLine(customer, day, amount, currency, recurring);
        return this;
    }

    /** As {@link #revenue}, returning the line's id (to reverse it). */
    public String revenueLine(String customer, String day, String amount, String currency, boolean recurring) {
        return api.revenue(code(customer), day, amount, codes.getOrDefault(currency, currency), recurring);
    }

    /** A spend line in USD; {@code segment} and {@code campaign} may be null (untagged, no campaign). */
    public CompanyBuilder spend(
            String department, String day, String amount, String category, String segment, String campaign) {
        Map<String, Object> tags = new LinkedHashMap<>();
        if (segment != null) {
            tags.put("segmentCode", code(segment));
        }
        if (campaign != null) {
            tags.put("campaignCode", code(campaign));
        }
        api.spend(code(department), day, amount, "USD", category, tags);
        return this;
    }

    /** A department's budget of a month ({@code yyyy-MM}) for every category, in USD. */
    public CompanyBuilder budget(String department, String month, String amount) {
        api.budget(code(department), month, null, amount, "USD");
        return this;
    }

    /** Touchpoints given as (customer, campaign, occurredAt) triples, all of kind CLICK, in one call. */
    public CompanyBuilder touches(String... customerCampaignTime) {
        List<String> coded = new ArrayList<>();
        for (int i = 0; i < customerCampaignTime.length; i += 3) {
            coded.add(code(customerCampaignTime[i]));
            coded.add(code(customerCampaignTime[i + 1]));
            coded.add(customerCampaignTime[i + 2]);
        }
        campaigns.touches(coded.toArray(String[]::new));
        return this;
    }
}
