package dev.revgraph.retention;

import dev.revgraph.customer.Customer;
import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.retention.RetentionReports.CohortRetentionReport;
import dev.revgraph.retention.RetentionReports.CustomerMonth;
import dev.revgraph.retention.RetentionReports.CustomerStatus;
import dev.revgraph.retention.RetentionReports.MrrMovementsReport;
import dev.revgraph.retention.RetentionReports.RetentionBasis;
import dev.revgraph.retention.RetentionReports.Standing;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * The retention reports, and a customer's own history, status and tenure. The customer fields
 * take arguments, so they load through batch loaders keyed by (customer, arguments): one query per
 * distinct argument set, however many customers a page holds.
 */
@Controller
class RetentionController {

    /** Key of the history loader. */
    record HistoryKey(long customerId, YearMonth from, YearMonth to) {}

    /** Key of the standing loader. */
    record StandingKey(long customerId, YearMonth asOf) {}

    private final RetentionService service;
    private final ReportFilterService filters;

    RetentionController(RetentionService service, ReportFilterService filters, BatchLoaderRegistry loaders) {
        this.service = service;
        this.filters = filters;
        loaders.<HistoryKey, List<CustomerMonth>>forName("customerHistory")
                .registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> loadHistory(keys)));
        loaders.<StandingKey, Standing>forName("customerStanding")
                .registerMappedBatchLoader((keys, env) -> Mono.fromCallable(() -> loadStanding(keys)));
    }

    @QueryMapping
    MrrMovementsReport mrrMovements(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument String segmentCode,
            @Argument Integer activityWindowMonths,
            @Argument List<SourceDimension> groupBy,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo,
            @Argument CloseVersion version) {
        return service.movements(RetentionRequest.of(
                from,
                to,
                segmentCode,
                activityWindowMonths,
                groupBy,
                filters.resolve(where, "where"),
                currency,
                compareTo,
                version));
    }

    @QueryMapping
    CohortRetentionReport cohortRetention(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument String segmentCode,
            @Argument RetentionBasis basis,
            @Argument Integer activityWindowMonths,
            @Argument List<SourceDimension> groupBy,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo,
            @Argument CloseVersion version) {
        return service.cohorts(
                RetentionRequest.of(
                        from,
                        to,
                        segmentCode,
                        activityWindowMonths,
                        groupBy,
                        filters.resolve(where, "where"),
                        currency,
                        compareTo,
                        version),
                basis);
    }

    @SchemaMapping(typeName = "Customer")
    CompletableFuture<List<CustomerMonth>> mrrHistory(
            Customer customer,
            @Argument YearMonth from,
            @Argument YearMonth to,
            DataLoader<HistoryKey, List<CustomerMonth>> customerHistory) {
        return customerHistory.load(new HistoryKey(customer.id(), from, to));
    }

    @SchemaMapping(typeName = "Customer")
    CompletableFuture<CustomerStatus> status(
            Customer customer, @Argument YearMonth asOf, DataLoader<StandingKey, Standing> customerStanding) {
        return customerStanding.load(new StandingKey(customer.id(), asOf)).thenApply(Standing::status);
    }

    @SchemaMapping(typeName = "Customer")
    CompletableFuture<Integer> tenureMonths(
            Customer customer, @Argument YearMonth asOf, DataLoader<StandingKey, Standing> customerStanding) {
        return customerStanding.load(new StandingKey(customer.id(), asOf)).thenApply(Standing::tenureMonths);
    }

    private Map<HistoryKey, List<CustomerMonth>> loadHistory(Set<HistoryKey> keys) {
        Map<HistoryKey, List<CustomerMonth>> result = new HashMap<>();
        keys.stream()
                .collect(Collectors.groupingBy(k -> List.of(k.from(), k.to())))
                .forEach((range, group) -> {
                    Map<Long, List<CustomerMonth>> history = service.history(
                            group.stream().map(HistoryKey::customerId).toList(),
                            group.get(0).from(),
                            group.get(0).to());
                    group.forEach(k -> result.put(k, history.get(k.customerId())));
                });
        return result;
    }

    private Map<StandingKey, Standing> loadStanding(Set<StandingKey> keys) {
        Map<StandingKey, Standing> result = new HashMap<>();
        keys.stream().collect(Collectors.groupingBy(StandingKey::asOf)).forEach((asOf, group) -> {
            Map<Long, Standing> standing =
                    service.standing(group.stream().map(StandingKey::customerId).toList(), asOf);
            group.forEach(k -> result.put(k, standing.get(k.customerId())));
        });
        return result;
    }
}
