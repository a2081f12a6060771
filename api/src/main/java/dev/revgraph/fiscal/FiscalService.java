package dev.revgraph.fiscal;

import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.RevgraphProperties;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.graphql.LiveEvents;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;

/**
 * The fiscal calendar and period close. A closed month takes no new ledger line: the database
 * guard {@code assert_months_open} enforces it for every writer, and a close waits for writers
 * already inside the month, so no line can land in a month after it closed.
 */
@Service
@Transactional(readOnly = true)
public class FiscalService {

    /** The earliest date an assignment can hold from: "since the beginning of records". */
    public static final LocalDate BEGINNING_OF_RECORDS = LocalDate.of(1900, 1, 1);

    static final int MAX_MONTHS = 240;

    private final FiscalRepository repository;
    private final FiscalCalendar calendar;
    private final CurrentActor actor;
    private final String reportingCurrency;
    private final LiveEvents events;

    FiscalService(
            FiscalRepository repository,
            FiscalCalendar calendar,
            CurrentActor actor,
            RevgraphProperties properties,
            LiveEvents events) {
        this.events = events;
        this.repository = repository;
        this.calendar = calendar;
        this.actor = actor;
        this.reportingCurrency = properties.reportingCurrency();
    }

    public List<FiscalMonth> months(YearMonth from, YearMonth to) {
        new Validation()
                .inOrder("from", from, "to", to)
                .check(
                        !to.isAfter(from.plusMonths(MAX_MONTHS - 1)),
                        "to",
                        "must be at most " + MAX_MONTHS + " months after from")
                .throwIfAny();
        Map<LocalDate, MonthStatus> statuses = repository.statuses(from.atDay(1), to.atDay(1));
        List<FiscalMonth> months = new ArrayList<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            months.add(calendar.place(m, statuses.getOrDefault(m.atDay(1), MonthStatus.OPEN)));
        }
        return months;
    }

    public Map<YearMonth, List<MonthStatusEvent>> history(Collection<YearMonth> months) {
        return repository.events(months.stream().map(m -> m.atDay(1)).toList()).stream()
                .collect(Collectors.groupingBy(MonthStatusEvent::month));
    }

    /**
     * Fails with a closed-period error naming {@code field} when any of the months is closed, and
     * otherwise holds them open until the calling transaction ends. Must run inside the write's
     * transaction.
     */
    @Transactional
    public void assertMonthsOpen(String field, Collection<YearMonth> months) {
        if (!months.isEmpty()) {
            repository.assertMonthsOpen(
                    field, months.stream().map(m -> m.atDay(1)).distinct().toList());
        }
    }

    /**
     * The first day after the last closed month, where an effective-dated change without a date
     * takes effect; {@link #BEGINNING_OF_RECORDS} when no month is closed.
     */
    public LocalDate firstOpenDay() {
        return repository.firstOpenDay().orElse(BEGINNING_OF_RECORDS);
    }

    /**
     * Closes a month and, in the same transaction, stores what it closed (a new close version and a
     * copy of every rollup row of the month): from then on every report over the month reads that.
     * A closed month cannot be closed again; reopen it first.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public FiscalMonth close(YearMonth month) {
        LocalDate first = month.atDay(1);
        if (repository.lockForChange(first) == MonthStatus.CLOSED) {
            throw DomainException.alreadyClosed("month", month);
        }
        repository.changeStatus(first, MonthStatus.CLOSED, MonthAction.CLOSE, null, actor.name());
        repository.storeClose(first, actor.name(), reportingCurrency);
        FiscalMonth closed = calendar.place(month, MonthStatus.CLOSED);
        events.afterCommit(closed);
        return closed;
    }

    /** Reopens a closed month with a reason; its stored closes stay, and its next close adds a version. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public FiscalMonth reopen(YearMonth month, String reason) {
        new Validation().text("reason", reason, 1000, true).throwIfAny();
        LocalDate first = month.atDay(1);
        if (repository.lockForChange(first) == MonthStatus.OPEN) {
            throw DomainException.invalid("month", "month " + month + " is open: only a closed month can be reopened");
        }
        repository.changeStatus(first, MonthStatus.OPEN, MonthAction.REOPEN, reason.strip(), actor.name());
        FiscalMonth reopened = calendar.place(month, MonthStatus.OPEN);
        events.afterCommit(reopened);
        return reopened;
    }

    /**
     * The months closed or reopened from now on ({@code monthClosed}, {@code monthReopened}), each
     * once its transaction has committed. The fiscal calendar is every role's to read, so is this.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Flux<FiscalMonth> changes(MonthStatus status) {
        return events.of(FiscalMonth.class).filter(m -> m.status() == status);
    }

    /** Every stored close of a month, oldest first, each with the change of its totals against the one before. */
    public List<CloseRecord> closeHistory(YearMonth month) {
        return repository.closeHistory(month.atDay(1));
    }

    /** The month's status now, as the guard sees it. */
    public MonthStatus status(YearMonth month) {
        return repository.statuses(month.atDay(1), month.atDay(1)).getOrDefault(month.atDay(1), MonthStatus.OPEN);
    }
}
