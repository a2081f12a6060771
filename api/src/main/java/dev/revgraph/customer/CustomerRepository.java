package dev.revgraph.customer;

import static dev.revgraph.db.Tables.CUSTOMER;

import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
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
        try {
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
        } catch (RuntimeException e) { // the schema's guard (0031): a customer acquired in a closed month
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod("acquiredOn", m))
                    .orElseThrow(() -> e);
        }
    }

    void rename(long id, String name) {
        dsl.update(CUSTOMER).set(CUSTOMER.NAME, name).where(CUSTOMER.ID.eq(id)).execute();
    }

    /**
     * Records an assignment from {@code validFrom}, the fields not given taken from the one in force
     * on that day, then sets the customer's columns to its latest assignment. The schema moves the
     * figures of the facts it covers and raises RG001 when one of them is in a closed month.
     */
    void assign(long id, LocalDate validFrom, Long segmentId, Long regionId, boolean regionGiven, String actor) {
        dsl.execute("""
                insert into customer_assignment (customer_id, valid_from, segment_id, region_id,
                                                 acquisition_campaign_id, recorded_by)
                select ?, ?, coalesce(?, a.segment_id), case when ? then ? else a.region_id end,
                       a.acquisition_campaign_id, ?
                from customer_assignment_on(?, ?) a
                """, id, validFrom, segmentId, regionGiven, regionId, actor, id, validFrom);
        dsl.execute("""
                update customer c set segment_id = l.segment_id, region_id = l.region_id,
                       acquisition_campaign_id = l.acquisition_campaign_id
                from (select * from customer_assignment a where a.customer_id = ?
                      order by a.valid_from desc, a.id desc limit 1) l
                where c.id = ?
                """, id, id);
    }

    /**
     * The customers' assignments, oldest first, each with the last day it holds (the day before the
     * next one's first day; null for the last). A row replaced by a later row of the same first day
     * never held and is left out.
     */
    Map<Long, List<CustomerAssignment>> assignments(Collection<Long> customerIds) {
        return dsl
                .resultQuery("""
                        select customer_id, valid_from,
                               (lead(valid_from) over (partition by customer_id order by valid_from) - 1) as valid_to,
                               segment_id, region_id, recorded_at, recorded_by
                        from (select distinct on (customer_id, valid_from) *
                              from customer_assignment where customer_id = any(?)
                              order by customer_id, valid_from, id desc) a
                        order by customer_id, valid_from
                        """, (Object) customerIds.toArray(Long[]::new))
                .fetch(r -> new CustomerAssignment(
                        r.get(0, Long.class),
                        r.get(1, LocalDate.class),
                        r.get(2, LocalDate.class),
                        r.get(3, Long.class),
                        r.get(4, Long.class),
                        r.get(5, java.time.OffsetDateTime.class),
                        r.get(6, String.class)))
                .stream()
                .collect(Collectors.groupingBy(CustomerAssignment::customerId));
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
