package dev.revgraph.campaign;

import dev.revgraph.campaign.CampaignInputs.CampaignFilter;
import dev.revgraph.campaign.CampaignInputs.CampaignResultInput;
import dev.revgraph.campaign.CampaignInputs.CreateCampaignInput;
import dev.revgraph.campaign.CampaignInputs.EndCampaignInput;
import dev.revgraph.campaign.CampaignInputs.UpdateCampaignInput;
import dev.revgraph.campaign.CampaignInputs.UpsertCampaignResultsInput;
import dev.revgraph.campaign.CampaignRepository.CampaignQuery;
import dev.revgraph.campaign.CampaignRepository.CampaignTags;
import dev.revgraph.campaign.CampaignRepository.CampaignValues;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.Department;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.db.ReadWithoutTransaction;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.graphql.ConnectionSelection;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.Cursors.DateIdKey;
import dev.revgraph.shared.security.Access;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Campaigns and their daily funnel. A campaign's code is its key for every loader; ENDED is final;
 * the dates never run backwards. Daily results are replaced per campaign and day, all or nothing.
 * What a campaign cost is not kept here: it is the spend ledger's lines linked to the campaign.
 */
@Service
@Transactional(readOnly = true)
public class CampaignService {

    static final int MAX_RESULTS = 1000;

    /**
     * The rule of a campaign's dates, stated once for {@code createCampaign}, {@code updateCampaign}
     * and campaigns.csv: the end date (first {@code %s}) is not before the start date (second).
     */
    static final String END_BEFORE_START =
            "must not be before the start date: the campaign would end (%s) before it starts (%s)";

    static final int MAX_RESULT_DAYS = 3660;

    /** A page of campaigns and the count of the whole filter. */
    public record Page(List<Campaign> campaigns, boolean hasNext, boolean hasPrevious, int totalCount) {}

    /** What a load of daily results stored, and what looked odd in it. */
    public record ResultsLoad(List<CampaignResult> results, List<InputWarning> warnings) {}

    private final CampaignRepository repository;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final CurrentActor actor;
    private final Access access;
    private final FiscalService fiscal;

    CampaignService(
            CampaignRepository repository,
            DimensionService dimensions,
            CurrencyService currencies,
            CurrentActor actor,
            Access access,
            FiscalService fiscal) {
        this.access = access;
        this.fiscal = fiscal;
        this.repository = repository;
        this.dimensions = dimensions;
        this.currencies = currencies;
        this.actor = actor;
    }

    // ---- lookups for other features

    /** The id of the campaign with this code, null when no code is given. */
    @ReadWithoutTransaction
    public Long campaignId(String field, String code) {
        if (code == null) {
            return null;
        }
        return repository
                .idByCode(code)
                .orElseThrow(() -> DomainException.notFound(field, "no campaign has code " + code));
    }

    /** The ids of the campaigns with these codes that exist, keyed by code; unknown codes are left out. */
    public Map<String, Long> idsByCodes(Collection<String> codes) {
        return codes.isEmpty() ? Map.of() : repository.idsByCodes(new LinkedHashSet<>(codes));
    }

    public Campaign byCode(String code) {
        return repository.byCode(code).orElse(null);
    }

    @ReadWithoutTransaction
    public Map<Long, Campaign> byIds(Collection<Long> ids) {
        return repository.byIds(ids);
    }

    /**
     * Refuses a DEPARTMENT caller a write on a campaign (results, touchpoints, spend booked on it)
     * that none of its departments owns; ADMIN and FINANCE write on any campaign.
     */
    public void requireOwnCampaigns(Collection<Long> campaignIds) {
        if (!access.scoped() || campaignIds.isEmpty()) {
            return;
        }
        Collection<Campaign> named =
                repository.byIds(new LinkedHashSet<>(campaignIds)).values();
        Map<Long, Department> owners = dimensions.departmentsByIds(
                named.stream().map(Campaign::departmentId).distinct().toList());
        for (Campaign campaign : named) {
            String owner = owners.get(campaign.departmentId()).code();
            if (!access.scope().contains(owner)) {
                throw new AccessDeniedException(
                        "campaign " + campaign.code() + " is owned by department " + owner + ", outside your scope");
            }
        }
    }

    // ---- campaigns

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public Campaign create(CreateCampaignInput input) {
        access.requireDepartment(input.departmentCode());
        CampaignStatus status = input.status() == null ? CampaignStatus.PLANNED : input.status();
        Validation validation = new Validation()
                .code("code", input.code())
                .name("name", input.name())
                .check(
                        status != CampaignStatus.ENDED,
                        "status",
                        "must not be ENDED: create the campaign, then end it " + "with endCampaign");
        checkDates(validation, input.startDate(), input.endDate(), "endDate");
        checkBudget(validation, input.plannedBudgetAmount(), input.plannedBudgetCurrency());
        validation.throwIfAny();
        CampaignValues values = new CampaignValues(
                input.name().strip(),
                dimensions.activeDepartmentId("departmentCode", input.departmentCode()),
                dimensions.activeChannelId("channelCode", input.channelCode()),
                dimensions.activeNodeId(TreeKind.SEGMENT_TREE, "segmentCode", input.segmentCode()),
                dimensions.activeProductId("productCode", input.productCode()),
                dimensions.activeNodeId(TreeKind.REGION_TREE, "regionCode", input.regionCode()),
                input.objective() == null ? CampaignObjective.ACQUISITION : input.objective(),
                input.startDate(),
                input.endDate(),
                status,
                input.plannedBudgetAmount(),
                input.plannedBudgetCurrency());
        requireBudgetCurrency(values);
        if (repository.insert(input.code(), values).isEmpty()) {
            Campaign stored = repository.byCode(input.code()).orElseThrow();
            if (!sameValues(values, valuesOf(stored))) {
                throw DomainException.conflict(
                        "code",
                        "a campaign with code " + input.code() + " already exists with other values",
                        stored.id());
            }
        }
        return repository.byCode(input.code()).orElseThrow();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public Campaign update(UpdateCampaignInput input) {
        Campaign stored = requireForUpdate(input.code());
        if (input.departmentCode() != null) {
            access.requireDepartment(input.departmentCode());
        }
        Validation validation = new Validation();
        if (input.name() != null) {
            validation.name("name", input.name());
        }
        if (input.status() != null) {
            validation.check(
                    input.status() != CampaignStatus.ENDED,
                    "status",
                    "must not be ENDED: end a campaign " + "with endCampaign");
            validation.check(
                    stored.status() != CampaignStatus.ENDED || input.status() == CampaignStatus.ENDED,
                    "status",
                    "cannot change: campaign " + stored.code() + " has ended");
        }
        LocalDate start = input.startDate() == null ? stored.startDate() : input.startDate();
        LocalDate end = input.endDate() == null ? stored.endDate() : input.endDate();
        checkDates(validation, start, end, input.endDate() != null ? "endDate" : "startDate");
        if (input.plannedBudgetAmount() != null || input.plannedBudgetCurrency() != null) {
            checkBudget(validation, input.plannedBudgetAmount(), input.plannedBudgetCurrency());
        }
        validation
                .check(
                        input.effectiveFrom() == null
                                || !input.effectiveFrom().isBefore(FiscalService.BEGINNING_OF_RECORDS),
                        "effectiveFrom",
                        "must be " + FiscalService.BEGINNING_OF_RECORDS + " or later")
                .throwIfAny();
        CampaignTags tags = new CampaignTags(
                input.departmentCode() == null
                        ? null
                        : dimensions.activeDepartmentId("departmentCode", input.departmentCode()),
                input.channelCode() == null ? null : dimensions.activeChannelId("channelCode", input.channelCode()),
                input.segmentCode() == null
                        ? null
                        : dimensions.activeNodeId(TreeKind.SEGMENT_TREE, "segmentCode", input.segmentCode()),
                input.productCode() == null ? null : dimensions.activeProductId("productCode", input.productCode()),
                input.regionCode() == null
                        ? null
                        : dimensions.activeNodeId(TreeKind.REGION_TREE, "regionCode", input.regionCode()),
                input.objective() == null ? null : input.objective().name());
        Campaign retagged = stored;
        if (!tags.equals(new CampaignTags(null, null, null, null, null, null))) {
            retagged = retag(stored, input.effectiveFrom(), tags);
        }
        CampaignValues old = valuesOf(retagged);
        boolean budgetGiven = input.plannedBudgetAmount() != null;
        CampaignValues values = new CampaignValues(
                input.name() == null ? old.name() : input.name().strip(),
                old.departmentId(),
                old.channelId(),
                old.segmentId(),
                old.productId(),
                old.regionId(),
                old.objective(),
                start,
                end,
                input.status() == null ? old.status() : input.status(),
                budgetGiven ? input.plannedBudgetAmount() : old.budgetAmount(),
                budgetGiven ? input.plannedBudgetCurrency() : old.budgetCurrency());
        if (budgetGiven) {
            requireBudgetCurrency(values);
        }
        repository.update(stored.id(), values);
        return repository.byCode(stored.code()).orElseThrow();
    }

    /**
     * Records the tags from {@code effectiveFrom} (default: the first day after the last closed
     * month) and returns the campaign with its columns at its latest assignment. A day in a closed
     * month is refused whether or not a fact is there; a change that would move a figure of a closed
     * month is refused by the schema's guard; either names {@code effectiveFrom}.
     */
    private Campaign retag(Campaign stored, LocalDate effectiveFrom, CampaignTags tags) {
        LocalDate from = effectiveFrom;
        if (from == null) {
            from = fiscal.firstOpenDay();
        } else {
            fiscal.assertMonthsOpen("effectiveFrom", List.of(YearMonth.from(from)));
        }
        try {
            repository.assign(stored.id(), from, tags, actor.name());
        } catch (RuntimeException e) { // the schema's guard: the change would move a closed month's figure
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod("effectiveFrom", m))
                    .orElseThrow(() -> e);
        }
        return repository.byCode(stored.code()).orElseThrow();
    }

    /** The campaigns' assignment histories, oldest first (every campaign has at least one). */
    public Map<Long, List<CampaignAssignment>> assignments(Collection<Long> campaignIds) {
        return repository.assignments(campaignIds);
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public Campaign end(EndCampaignInput input) {
        Campaign stored = requireForUpdate(input.code());
        LocalDate end = input.endDate() != null
                ? input.endDate()
                : stored.endDate() != null ? stored.endDate() : LocalDate.now(ZoneOffset.UTC);
        Validation validation = new Validation();
        checkDates(validation, stored.startDate(), end, "endDate");
        validation.throwIfAny();
        CampaignValues old = valuesOf(stored);
        repository.update(
                stored.id(),
                new CampaignValues(
                        old.name(),
                        old.departmentId(),
                        old.channelId(),
                        old.segmentId(),
                        old.productId(),
                        old.regionId(),
                        old.objective(),
                        old.startDate(),
                        end,
                        CampaignStatus.ENDED,
                        old.budgetAmount(),
                        old.budgetCurrency()));
        return repository.byCode(stored.code()).orElseThrow();
    }

    @ReadWithoutTransaction
    public Page page(CampaignFilter filter, int first, String after, ConnectionSelection selected) {
        new Validation()
                .pageSize(first)
                .inOrder(
                        "filter.activeFrom",
                        filter == null ? null : filter.activeFrom(),
                        "filter.activeTo",
                        filter == null ? null : filter.activeTo())
                .throwIfAny();
        DateIdKey cursor = Cursors.decode("after", after);
        CampaignQuery query = filter == null
                ? new CampaignQuery(null, null, null, null, null, null)
                : new CampaignQuery(
                        filter.channelCodes() == null
                                ? null
                                : dimensions.channelIds("filter.channelCodes", filter.channelCodes()),
                        filter.segmentCode() == null
                                ? null
                                : dimensions.subtreeIds(
                                        TreeKind.SEGMENT_TREE, "filter.segmentCode", filter.segmentCode()),
                        filter.statuses(),
                        filter.objectives(),
                        filter.activeFrom(),
                        filter.activeTo());
        List<Campaign> campaigns = selected.page() ? repository.page(query, cursor, first + 1) : List.of();
        boolean hasNext = campaigns.size() > first;
        return new Page(
                hasNext ? campaigns.subList(0, first) : campaigns,
                hasNext,
                cursor != null,
                selected.totals() ? repository.count(query) : 0);
    }

    private Campaign requireForUpdate(String code) {
        Campaign campaign = repository
                .byCodeForUpdate(code)
                .orElseThrow(() -> DomainException.notFound("code", "no campaign has code " + code));
        if (access.scoped()) {
            access.requireDepartment(dimensions
                    .departmentsByIds(List.of(campaign.departmentId()))
                    .get(campaign.departmentId())
                    .code());
        }
        return campaign;
    }

    private static void checkDates(Validation validation, LocalDate start, LocalDate end, String field) {
        if (start != null && end != null) {
            validation.check(!end.isBefore(start), field, END_BEFORE_START.formatted(end, start));
        }
    }

    private static void checkBudget(Validation validation, BigDecimal amount, String currency) {
        validation.check(
                (amount == null) == (currency == null),
                amount == null ? "plannedBudgetAmount" : "plannedBudgetCurrency",
                "must be given together with " + (amount == null ? "plannedBudgetCurrency" : "plannedBudgetAmount"));
        if (amount != null) {
            validation
                    .check(amount.signum() >= 0, "plannedBudgetAmount", Validation.NOT_NEGATIVE)
                    .scale("plannedBudgetAmount", amount, 4)
                    .check(amount.precision() - amount.scale() <= 15, "plannedBudgetAmount", "must be less than 10^15");
        }
    }

    private void requireBudgetCurrency(CampaignValues values) {
        if (values.budgetCurrency() != null) {
            currencies.requireConvertible("plannedBudgetCurrency", values.budgetCurrency(), values.startDate());
        }
    }

    private static CampaignValues valuesOf(Campaign c) {
        return new CampaignValues(
                c.name(),
                c.departmentId(),
                c.channelId(),
                c.segmentId(),
                c.productId(),
                c.regionId(),
                c.objective(),
                c.startDate(),
                c.endDate(),
                c.status(),
                c.plannedBudget() == null ? null : c.plannedBudget().amount(),
                c.plannedBudget() == null ? null : c.plannedBudget().currency());
    }

    // ---- daily results

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public ResultsLoad upsertResults(UpsertCampaignResultsInput input) {
        List<CampaignResultInput> rows = input.results();
        Validation validation = new Validation()
                .check(
                        !rows.isEmpty() && rows.size() <= MAX_RESULTS,
                        "results",
                        "must hold 1 to " + MAX_RESULTS + " rows");
        for (int i = 0; i < rows.size(); i++) {
            CampaignResultInput row = rows.get(i);
            String at = "results." + i + ".";
            validation
                    .check(row.impressions() >= 0, at + "impressions", Validation.NOT_NEGATIVE)
                    .check(row.clicks() >= 0, at + "clicks", Validation.NOT_NEGATIVE)
                    .check(row.leads() >= 0, at + "leads", Validation.NOT_NEGATIVE)
                    .check(row.opportunities() >= 0, at + "opportunities", Validation.NOT_NEGATIVE);
        }
        validation.throwIfAny();

        Map<String, Long> ids =
                idsByCodes(rows.stream().map(CampaignResultInput::campaignCode).toList());
        requireOwnCampaigns(ids.values());
        List<DomainException.Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<CampaignResult> results = new ArrayList<>();
        List<InputWarning> warnings = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CampaignResultInput row = rows.get(i);
            String at = "results." + i + ".";
            Long id = ids.get(row.campaignCode());
            if (id == null) {
                problems.addAll(
                        DomainException.notFound(at + "campaignCode", "no campaign has code " + row.campaignCode())
                                .problems());
                continue;
            }
            if (!seen.add(row.campaignCode() + "|" + row.day())) {
                problems.addAll(DomainException.invalid(
                                at + "day",
                                at + "day repeats campaign " + row.campaignCode() + " on " + row.day()
                                        + ": give each campaign and day once per load")
                        .problems());
                continue;
            }
            if (row.clicks() > row.impressions()) {
                warnings.add(new InputWarning(
                        "campaign " + row.campaignCode() + " on " + row.day() + " has more clicks (" + row.clicks()
                                + ") than impressions (" + row.impressions() + "); stored as given",
                        List.of("input", "results", String.valueOf(i), "clicks")));
            }
            results.add(new CampaignResult(
                    id, row.day(), row.impressions(), row.clicks(), row.leads(), row.opportunities()));
        }
        if (!problems.isEmpty()) {
            throw new DomainException(problems);
        }
        repository.upsertResults(results, actor.name());
        return new ResultsLoad(results, warnings);
    }

    public List<CampaignResult> results(String campaignCode, LocalDate from, LocalDate to) {
        new Validation()
                .inOrder("from", from, "to", to)
                .check(
                        !to.isAfter(from.plusDays(MAX_RESULT_DAYS)),
                        "to",
                        "must be at most " + MAX_RESULT_DAYS + " days after from")
                .throwIfAny();
        return repository.results(campaignId("campaignCode", campaignCode), from, to);
    }

    /** Equal values, the budget amount compared by value ({@code 100} equals {@code 100.00}). */
    private static boolean sameValues(CampaignValues a, CampaignValues b) {
        boolean sameAmount = a.budgetAmount() == null || b.budgetAmount() == null
                ? a.budgetAmount() == b.budgetAmount()
                : a.budgetAmount().compareTo(b.budgetAmount()) == 0;
        return sameAmount
                && Objects.equals(
                        a,
                        new CampaignValues(
                                b.name(),
                                b.departmentId(),
                                b.channelId(),
                                b.segmentId(),
                                b.productId(),
                                b.regionId(),
                                b.objective(),
                                b.startDate(),
                                b.endDate(),
                                b.status(),
                                a.budgetAmount(),
                                b.budgetCurrency()));
    }
}
