package dev.revgraph.spend;

import dev.revgraph.campaign.CampaignService;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.db.ReadWithoutTransaction;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.graphql.ConnectionSelection;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.Cursors.DateIdKey;
import dev.revgraph.shared.ledger.Reversals;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.SliceFilter;
import dev.revgraph.shared.security.Access;
import dev.revgraph.shared.spendcontrol.BudgetWarning;
import dev.revgraph.shared.spendcontrol.SpendControls;
import dev.revgraph.shared.spendcontrol.SpendControls.DepartmentMonth;
import dev.revgraph.spend.SpendInputs.RecordSpendLineInput;
import dev.revgraph.spend.SpendInputs.ReverseSpendLineInput;
import dev.revgraph.spend.SpendInputs.SpendLineFilter;
import dev.revgraph.spend.SpendRepository.NewLine;
import dev.revgraph.spend.SpendRepository.SpendQuery;
import dev.revgraph.spend.SpendRepository.Totals;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The spend ledger's rules: every line names an active department and open month, converts into
 * the reporting currency, and is never changed; a correction is a reversing line, and a retry
 * with the same external id returns the line already recorded.
 */
@Service
@Transactional(readOnly = true)
public class SpendService {

    /**
     * A page of lines and the count and total of the whole filter; {@code totals} is null when the
     * request did not select them, and {@code lines} empty when it selected no row.
     */
    public record Page(List<SpendLine> lines, boolean hasNext, boolean hasPrevious, Totals totals) {}

    /** A line recorded (or found recorded on a retry) and the months it took over budget under WARN. */
    public record Recorded(SpendLine line, List<BudgetWarning> warnings) {}

    private final SpendRepository repository;
    private final DimensionService dimensions;
    private final CampaignService campaigns;
    private final CurrencyService currencies;
    private final CurrentActor actor;
    private final Access access;
    private final ReportFilterService filters;
    private final SpendControls controls;

    SpendService(
            SpendRepository repository,
            DimensionService dimensions,
            CampaignService campaigns,
            CurrencyService currencies,
            CurrentActor actor,
            Access access,
            ReportFilterService filters,
            SpendControls controls) {
        this.controls = controls;
        this.access = access;
        this.filters = filters;
        this.repository = repository;
        this.dimensions = dimensions;
        this.campaigns = campaigns;
        this.currencies = currencies;
        this.actor = actor;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public Recorded record(RecordSpendLineInput input) {
        access.requireDepartment(input.departmentCode());
        new Validation()
                .externalId("externalId", input.externalId())
                .lineAmount("amount", input.amount())
                .text("vendor", input.vendor(), 200, false)
                .text("memo", input.memo(), 1000, false)
                .throwIfAny();
        long departmentId = dimensions.activeDepartmentId("departmentCode", input.departmentCode());
        Long campaignId = campaigns.campaignId("campaignCode", input.campaignCode());
        if (campaignId != null) {
            campaigns.requireOwnCampaigns(List.of(campaignId));
        }
        NewLine line = new NewLine(
                input.externalId(),
                departmentId,
                input.bookedOn(),
                input.amount(),
                input.currency(),
                input.category(),
                campaignId,
                dimensions.activeNodeId(TreeKind.SEGMENT_TREE, "segmentCode", input.segmentCode()),
                dimensions.activeProductId("productCode", input.productCode()),
                dimensions.activeNodeId(TreeKind.REGION_TREE, "regionCode", input.regionCode()),
                input.objective(),
                blankToNull(input.vendor()),
                blankToNull(input.memo()),
                null,
                actor.name());
        currencies.requireConvertible("currency", input.currency(), input.bookedOn());
        return controlled(line, "amount");
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public Recorded reverse(ReverseSpendLineInput input) {
        new Validation()
                .externalId("externalId", input.externalId())
                .text("memo", input.memo(), 1000, false)
                .throwIfAny();
        SpendLine original = Reversals.requireReversible(
                "spend", input.lineId(), byId(input.lineId()), SpendLine::id, SpendLine::reversesId);
        requireInScope(original);
        LocalDate bookedOn = input.bookedOn() == null ? original.bookedOn() : input.bookedOn();
        NewLine reversal = new NewLine(
                input.externalId(),
                original.departmentId(),
                bookedOn,
                original.amount().amount().negate(),
                original.amount().currency(),
                original.category(),
                original.campaignId(),
                original.segmentId(),
                original.productId(),
                original.regionId(),
                original.objective(),
                original.vendor(),
                input.memo() == null ? "Reversal of line " + original.id() : blankToNull(input.memo()),
                original.id(),
                actor.name());
        if (input.externalId() == null) {
            SpendLine existing =
                    repository.reversalsOf(List.of(original.id()), reporting()).get(original.id());
            if (existing != null) {
                throw DomainException.conflict(
                        "lineId",
                        "line " + original.id() + " has already been reversed by line " + existing.id(),
                        existing.id());
            }
        }
        currencies.requireConvertible("bookedOn", reversal.currency(), bookedOn);
        return controlled(reversal, "lineId");
    }

    /**
     * Inserts the line under its department's spend control (docs/metrics.md, Spend controls): a
     * STOP month it would take over its budget refuses it naming {@code field}.
     */
    private Recorded controlled(NewLine line, String field) {
        SpendControls.Write write =
                controls.before(List.of(new DepartmentMonth(line.departmentId(), YearMonth.from(line.bookedOn()))));
        SpendLine stored = insertOrReturnSame(line);
        return new Recorded(stored, write.after(field));
    }

    /** Inserts the line, or returns the stored one when the external id was used with the same values. */
    private SpendLine insertOrReturnSame(NewLine line) {
        Long id = repository.insert(line).orElse(null);
        if (id != null) {
            return byId(id);
        }
        SpendLine stored =
                repository.byExternalId(line.externalId(), reporting()).orElseThrow();
        if (!sameContent(stored, line)) {
            if (!inScope(stored)) {
                // external ids are unique across the ledger, but the line holding this one is not the caller's to see
                throw DomainException.conflict(
                        "externalId",
                        "external id " + line.externalId() + " is already used by another line; choose another key",
                        null);
            }
            throw DomainException.conflict(
                    "externalId",
                    "external id " + line.externalId() + " is already used by line " + stored.id()
                            + " with other values",
                    stored.id());
        }
        return stored;
    }

    private static boolean sameContent(SpendLine stored, NewLine line) {
        return stored.departmentId() == line.departmentId()
                && stored.bookedOn().equals(line.bookedOn())
                && stored.amount().amount().compareTo(line.amount()) == 0
                && stored.amount().currency().equals(line.currency())
                && stored.category() == line.category()
                && Objects.equals(stored.campaignId(), line.campaignId())
                && Objects.equals(stored.segmentId(), line.segmentId())
                && Objects.equals(stored.productId(), line.productId())
                && Objects.equals(stored.regionId(), line.regionId())
                && stored.objective() == line.objective()
                && Objects.equals(stored.vendor(), line.vendor())
                && Objects.equals(stored.memo(), line.memo())
                && Objects.equals(stored.reversesId(), line.reversesId());
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    public SpendLine byId(String id) {
        SpendLine line;
        try {
            line = byIds(List.of(Long.parseLong(id))).get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
        if (line != null) {
            requireInScope(line);
        }
        return line;
    }

    /** A DEPARTMENT caller sees and reverses only lines of its own departments. */
    private void requireInScope(SpendLine line) {
        if (access.scoped()) {
            access.requireDepartment(departmentCode(line));
        }
    }

    private boolean inScope(SpendLine line) {
        return !access.scoped() || access.scope().contains(departmentCode(line));
    }

    private String departmentCode(SpendLine line) {
        return dimensions
                .departmentsByIds(List.of(line.departmentId()))
                .get(line.departmentId())
                .code();
    }

    private SpendLine byId(long id) {
        return byIds(List.of(id)).get(id);
    }

    @ReadWithoutTransaction
    public Map<Long, SpendLine> byIds(Collection<Long> ids) {
        return repository.byIds(ids, reporting());
    }

    @ReadWithoutTransaction
    public Map<Long, SpendLine> reversalsOf(Collection<Long> ids) {
        return repository.reversalsOf(ids, reporting());
    }

    @ReadWithoutTransaction
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    public Page page(SpendLineFilter filter, int first, String after, ConnectionSelection selected) {
        return page(filter, null, first, after, selected);
    }

    /** A page of the lines both filters select ({@code where}: docs/metrics.md, "One filter for every report"). */
    @ReadWithoutTransaction
    public Page page(
            SpendLineFilter filter, ReportFilter where, int first, String after, ConnectionSelection selected) {
        new Validation()
                .pageSize(first)
                .inOrder(
                        "filter.from",
                        filter == null ? null : filter.from(),
                        "filter.to",
                        filter == null ? null : filter.to())
                .throwIfAny();
        DateIdKey cursor = Cursors.decode("after", after);
        if (access.scoped()) {
            // a scoped caller asking for another department is refused, not answered with an empty list
            if (filter != null && filter.departmentCodes() != null) {
                access.requireDepartments(filter.departmentCodes());
            } else {
                filter = (filter == null ? SpendLineFilter.NONE : filter).withDepartmentCodes(access.scope());
            }
        }
        SpendQuery query = resolve(filter, filters.resolve(where, "where"));
        List<SpendLine> lines = selected.page() ? repository.page(query, cursor, first + 1, reporting()) : List.of();
        Totals totals = null;
        if (selected.totals()) {
            totals = repository.totals(query, reporting());
            FxSql.failOnMissing("filter", totals.missingRate());
        }
        boolean hasNext = lines.size() > first;
        return new Page(hasNext ? lines.subList(0, first) : lines, hasNext, cursor != null, totals);
    }

    public String reporting() {
        return currencies.reportingCurrency();
    }

    private SpendQuery resolve(SpendLineFilter f, SliceFilter where) {
        if (f == null) {
            return new SpendQuery(null, null, null, null, null, null, null, null, null, where);
        }
        return new SpendQuery(
                f.from(),
                f.to(),
                f.departmentCodes() == null
                        ? null
                        : dimensions.departmentIds("filter.departmentCodes", f.departmentCodes()),
                f.categories(),
                campaigns.campaignId("filter.campaignCode", f.campaignCode()),
                f.segmentCode() == null
                        ? null
                        : dimensions.subtreeIds(TreeKind.SEGMENT_TREE, "filter.segmentCode", f.segmentCode()),
                f.productCode() == null ? null : dimensions.productId("filter.productCode", f.productCode()),
                f.regionCode() == null
                        ? null
                        : dimensions.subtreeIds(TreeKind.REGION_TREE, "filter.regionCode", f.regionCode()),
                f.currency(),
                where);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
