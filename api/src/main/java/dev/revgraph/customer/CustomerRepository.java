package dev.revgraph.customer;

import static dev.revgraph.db.Tables.CUSTOMER;

import dev.revgraph.shared.graphql.Cursors.DateIdKey;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes customers. */
@Repository
class CustomerRepository {

    /** A filter with its codes resolved to ids. */
    record CustomerQuery(
            List<Long> segmentIds,
            List<Long> regionIds,
            LocalDate acquiredFrom,
            LocalDate acquiredTo,
            List<String> externalIds) {}

    private final DSLContext dsl;

    CustomerRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    private static Customer customer(Record r) {
        return new Customer(
                r.get(CUSTOMER.ID),
                r.get(CUSTOMER.EXTERNAL_ID),
                r.get(CUSTOMER.NAME),
                r.get(CUSTOMER.SEGMENT_ID),
                r.get(CUSTOMER.REGION_ID),
                r.get(CUSTOMER.ACQUIRED_ON),
                r.get(CUSTOMER.ACQUISITION_CAMPAIGN_ID));
    }

    Optional<Long> insert(
            String externalId, String name, long segmentId, Long regionId, LocalDate acquiredOn, Long campaignId) {
        return dsl.insertInto(CUSTOMER)
                .set(CUSTOMER.EXTERNAL_ID, externalId)
                .set(CUSTOMER.NAME, name)
                .set(CUSTOMER.SEGMENT_ID, segmentId)
                .set(CUSTOMER.REGION_ID, regionId)
                .set(CUSTOMER.ACQUIRED_ON, acquiredOn)
                .set(CUSTOMER.ACQUISITION_CAMPAIGN_ID, campaignId)
                .onConflict(CUSTOMER.EXTERNAL_ID)
                .doNothing()
                .returning(CUSTOMER.ID)
                .fetchOptional(CUSTOMER.ID);
    }

    void update(long id, String name, long segmentId, Long regionId) {
        dsl.update(CUSTOMER)
                .set(CUSTOMER.NAME, name)
                .set(CUSTOMER.SEGMENT_ID, segmentId)
                .set(CUSTOMER.REGION_ID, regionId)
                .where(CUSTOMER.ID.eq(id))
                .execute();
    }

    Optional<Customer> byExternalId(String externalId) {
        return dsl.selectFrom(CUSTOMER)
                .where(CUSTOMER.EXTERNAL_ID.eq(externalId))
                .fetchOptional(CustomerRepository::customer);
    }

    Map<Long, Customer> byIds(Collection<Long> ids) {
        return dsl.selectFrom(CUSTOMER).where(CUSTOMER.ID.in(ids)).fetch(CustomerRepository::customer).stream()
                .collect(Collectors.toMap(Customer::id, Function.identity()));
    }

    private static Condition condition(CustomerQuery q) {
        Condition c = DSL.noCondition();
        if (q.segmentIds() != null) {
            c = c.and(CUSTOMER.SEGMENT_ID.in(q.segmentIds()));
        }
        if (q.regionIds() != null) {
            c = c.and(CUSTOMER.REGION_ID.in(q.regionIds()));
        }
        if (q.acquiredFrom() != null) {
            c = c.and(CUSTOMER.ACQUIRED_ON.ge(q.acquiredFrom()));
        }
        if (q.acquiredTo() != null) {
            c = c.and(CUSTOMER.ACQUIRED_ON.le(q.acquiredTo()));
        }
        if (q.externalIds() != null) {
            c = c.and(CUSTOMER.EXTERNAL_ID.in(q.externalIds()));
        }
        return c;
    }

    List<Customer> page(CustomerQuery query, DateIdKey after, int limit) {
        Condition c = condition(query);
        if (after != null) {
            c = c.and(DSL.row(CUSTOMER.ACQUIRED_ON, CUSTOMER.ID).gt(after.date(), after.id()));
        }
        return dsl.selectFrom(CUSTOMER)
                .where(c)
                .orderBy(CUSTOMER.ACQUIRED_ON, CUSTOMER.ID)
                .limit(limit)
                .fetch(CustomerRepository::customer);
    }

    int count(CustomerQuery query) {
        return dsl.fetchCount(CUSTOMER, condition(query));
    }
}
