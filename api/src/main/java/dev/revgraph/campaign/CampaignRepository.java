package dev.revgraph.campaign;

import static dev.revgraph.db.Tables.CAMPAIGN;
import static dev.revgraph.db.Tables.CAMPAIGN_RESULT;

import dev.revgraph.db.tables.records.CampaignRecord;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.graphql.Cursors.DateIdKey;
import dev.revgraph.shared.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep7;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes campaigns and their daily results. */
@Repository
class CampaignRepository {

    /** A campaign's stored values, its codes already resolved to ids. */
    record CampaignValues(
            String name,
            long departmentId,
            long channelId,
            Long segmentId,
            Long productId,
            Long regionId,
            CampaignObjective objective,
            LocalDate startDate,
            LocalDate endDate,
            CampaignStatus status,
            BigDecimal budgetAmount,
            String budgetCurrency) {}

    /**
     * The tags of a retag, ids resolved; null leaves a tag as the assignment in force on the day
     * has it (a campaign's segment, product and region can be changed, not removed).
     */
    record CampaignTags(
            Long departmentId, Long channelId, Long segmentId, Long productId, Long regionId, String objective) {}

    /** A filter with its codes resolved to ids (the segment already expanded to its subtree). */
    record CampaignQuery(
            List<Long> channelIds,
            List<Long> segmentIds,
            List<CampaignStatus> statuses,
            List<CampaignObjective> objectives,
            LocalDate activeFrom,
            LocalDate activeTo) {}

    private final DSLContext dsl;

    CampaignRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Long> idByCode(String code) {
        return dsl.select(CAMPAIGN.ID)
                .from(CAMPAIGN)
                .where(CAMPAIGN.CODE.eq(code))
                .fetchOptional(CAMPAIGN.ID);
    }

    /** Inserts the campaign; empty when its code is already taken. */
    Optional<Long> insert(String code, CampaignValues v) {
        return dsl.insertInto(CAMPAIGN)
                .set(CAMPAIGN.CODE, code)
                .set(record(v))
                .onConflict(CAMPAIGN.CODE)
                .doNothing()
                .returning(CAMPAIGN.ID)
                .fetchOptional(CAMPAIGN.ID);
    }

    void update(long id, CampaignValues v) {
        dsl.update(CAMPAIGN).set(record(v)).where(CAMPAIGN.ID.eq(id)).execute();
    }

    private static CampaignRecord record(CampaignValues v) {
        CampaignRecord r = new CampaignRecord();
        r.setName(v.name());
        r.setDepartmentId(v.departmentId());
        r.setChannelId(v.channelId());
        r.setSegmentId(v.segmentId());
        r.setProductId(v.productId());
        r.setRegionId(v.regionId());
        r.setObjective(v.objective().name());
        r.setStartDate(v.startDate());
        r.setEndDate(v.endDate());
        r.setStatus(v.status().name());
        r.setBudgetAmount(v.budgetAmount());
        r.setBudgetCurrency(v.budgetCurrency());
        return r;
    }

    /**
     * Locks and returns the campaign, so concurrent changes of one campaign apply one after the other.
     * FOR NO KEY UPDATE: a ledger line naming the campaign (its foreign key takes KEY SHARE) is not
     * held up by it, so a retag waiting for the ledger's writers never waits on itself.
     */
    Optional<Campaign> byCodeForUpdate(String code) {
        return dsl.selectFrom(CAMPAIGN)
                .where(CAMPAIGN.CODE.eq(code))
                .forNoKeyUpdate()
                .fetchOptional(CampaignRepository::campaign);
    }

    /**
     * Records an assignment from {@code validFrom}, the tags not given taken from the one in force on
     * that day, unless it would change nothing; then sets the campaign's columns to its latest
     * assignment. The schema (changeset 0027) moves the figures of the facts it covers and raises
     * RG001 when one of them is in a closed month.
     */
    void assign(long id, LocalDate validFrom, CampaignTags tags, String actor) {
        dsl.execute(
                """
                insert into campaign_assignment (campaign_id, valid_from, department_id, channel_id, segment_id,
                                                 product_id, region_id, objective, recorded_by)
                select campaign_id, valid_from, department_id, channel_id, segment_id, product_id, region_id,
                       objective, ?
                from (select a.campaign_id, ?::date as valid_from, coalesce(?, a.department_id) as department_id,
                             coalesce(?, a.channel_id) as channel_id, coalesce(?, a.segment_id) as segment_id,
                             coalesce(?, a.product_id) as product_id, coalesce(?, a.region_id) as region_id,
                             coalesce(?, a.objective) as objective,
                             a.department_id as d0, a.channel_id as c0, a.segment_id as s0, a.product_id as p0,
                             a.region_id as r0, a.objective as o0
                      from campaign_assignment a where a.id = campaign_assignment_id_on(?, ?::date)) x
                where (department_id, channel_id, segment_id, product_id, region_id, objective)
                      is distinct from (d0, c0, s0, p0, r0, o0)
                """,
                actor,
                validFrom,
                tags.departmentId(),
                tags.channelId(),
                tags.segmentId(),
                tags.productId(),
                tags.regionId(),
                tags.objective(),
                id,
                validFrom);
        dsl.execute("""
                update campaign c set department_id = l.department_id, channel_id = l.channel_id,
                       segment_id = l.segment_id, product_id = l.product_id, region_id = l.region_id,
                       objective = l.objective
                from (select * from campaign_assignment a where a.campaign_id = ?
                      order by a.valid_from desc, a.id desc limit 1) l
                where c.id = ?
                """, id, id);
    }

    /**
     * The campaigns' assignments, oldest first, each with the last day it holds (the day before the
     * next one's first day; null for the last). A row replaced by a later row of the same first day
     * never held and is left out.
     */
    Map<Long, List<CampaignAssignment>> assignments(Collection<Long> campaignIds) {
        return dsl
                .resultQuery("""
                        select campaign_id, valid_from,
                               (lead(valid_from) over (partition by campaign_id order by valid_from) - 1) as valid_to,
                               department_id, channel_id, segment_id, product_id, region_id, objective, recorded_at,
                               recorded_by
                        from (select distinct on (campaign_id, valid_from) *
                              from campaign_assignment where campaign_id = any(?)
                              order by campaign_id, valid_from, id desc) a
                        order by campaign_id, valid_from
                        """, (Object) campaignIds.toArray(Long[]::new))
                .fetch(r -> new CampaignAssignment(
                        r.get(0, Long.class),
                        r.get(1, LocalDate.class),
                        r.get(2, LocalDate.class),
                        r.get(3, Long.class),
                        r.get(4, Long.class),
                        r.get(5, Long.class),
                        r.get(6, Long.class),
                        r.get(7, Long.class),
                        CampaignObjective.valueOf(r.get(8, String.class)),
                        r.get(9, OffsetDateTime.class),
                        r.get(10, String.class)))
                .stream()
                .collect(Collectors.groupingBy(CampaignAssignment::campaignId));
    }

    Optional<Campaign> byCode(String code) {
        return dsl.selectFrom(CAMPAIGN).where(CAMPAIGN.CODE.eq(code)).fetchOptional(CampaignRepository::campaign);
    }

    Map<Long, Campaign> byIds(Collection<Long> ids) {
        return dsl.selectFrom(CAMPAIGN).where(CAMPAIGN.ID.in(ids)).fetch(CampaignRepository::campaign).stream()
                .collect(Collectors.toMap(Campaign::id, Function.identity()));
    }

    /** The ids of these codes that exist, keyed by code. */
    Map<String, Long> idsByCodes(Collection<String> codes) {
        return dsl.select(CAMPAIGN.CODE, CAMPAIGN.ID)
                .from(CAMPAIGN)
                .where(CAMPAIGN.CODE.in(codes))
                .fetchMap(CAMPAIGN.CODE, CAMPAIGN.ID);
    }

    private static Campaign campaign(CampaignRecord r) {
        return new Campaign(
                r.getId(),
                r.getCode(),
                r.getName(),
                r.getDepartmentId(),
                r.getChannelId(),
                r.getSegmentId(),
                r.getProductId(),
                r.getRegionId(),
                CampaignObjective.valueOf(r.getObjective()),
                r.getStartDate(),
                r.getEndDate(),
                CampaignStatus.valueOf(r.getStatus()),
                r.getBudgetAmount() == null ? null : Money.recorded(r.getBudgetAmount(), r.getBudgetCurrency()),
                r.getCreatedAt());
    }

    private static Condition condition(CampaignQuery q) {
        Condition c = DSL.noCondition();
        if (q.channelIds() != null) {
            c = c.and(CAMPAIGN.CHANNEL_ID.in(q.channelIds()));
        }
        if (q.segmentIds() != null) {
            c = c.and(CAMPAIGN.SEGMENT_ID.in(q.segmentIds()));
        }
        if (q.objectives() != null) {
            c = c.and(CAMPAIGN.OBJECTIVE.in(
                    q.objectives().stream().map(Enum::name).toList()));
        }
        if (q.statuses() != null) {
            c = c.and(CAMPAIGN.STATUS.in(q.statuses().stream().map(Enum::name).toList()));
        }
        if (q.activeFrom() != null) {
            c = c.and(CAMPAIGN.END_DATE.isNull().or(CAMPAIGN.END_DATE.ge(q.activeFrom())));
        }
        if (q.activeTo() != null) {
            c = c.and(CAMPAIGN.START_DATE.le(q.activeTo()));
        }
        return c;
    }

    /** One page in (start_date, id) order after the cursor; fetch one more than needed to see if more follow. */
    List<Campaign> page(CampaignQuery query, DateIdKey after, int limit) {
        Condition c = condition(query);
        if (after != null) {
            c = c.and(DSL.row(CAMPAIGN.START_DATE, CAMPAIGN.ID).gt(after.date(), after.id()));
        }
        return dsl.selectFrom(CAMPAIGN)
                .where(c)
                .orderBy(CAMPAIGN.START_DATE, CAMPAIGN.ID)
                .limit(limit)
                .fetch(CampaignRepository::campaign);
    }

    int count(CampaignQuery query) {
        return dsl.fetchCount(CAMPAIGN, condition(query));
    }

    // ---- daily results

    /** Inserts or replaces the rows in one statement; the rows' (campaign, day) keys are distinct. */
    void upsertResults(List<CampaignResult> rows, String actor) {
        InsertValuesStep7<?, Long, LocalDate, Long, Long, Long, Long, String> insert = dsl.insertInto(
                CAMPAIGN_RESULT,
                CAMPAIGN_RESULT.CAMPAIGN_ID,
                CAMPAIGN_RESULT.DAY,
                CAMPAIGN_RESULT.IMPRESSIONS,
                CAMPAIGN_RESULT.CLICKS,
                CAMPAIGN_RESULT.LEADS,
                CAMPAIGN_RESULT.OPPORTUNITIES,
                CAMPAIGN_RESULT.UPDATED_BY);
        for (CampaignResult r : rows) {
            insert = insert.values(
                    r.campaignId(), r.day(), r.impressions(), r.clicks(), r.leads(), r.opportunities(), actor);
        }
        try {
            upsert(insert);
        } catch (RuntimeException e) { // the schema's closed-month guard names the earliest closed month
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod("results." + firstIn(rows, m) + ".day", m))
                    .orElseThrow(() -> e);
        }
    }

    /** The index of the first row dated in the month. */
    private static int firstIn(List<CampaignResult> rows, YearMonth month) {
        for (int i = 0; i < rows.size(); i++) {
            if (YearMonth.from(rows.get(i).day()).equals(month)) {
                return i;
            }
        }
        return 0;
    }

    private static void upsert(InsertValuesStep7<?, Long, LocalDate, Long, Long, Long, Long, String> insert) {
        insert.onConflict(CAMPAIGN_RESULT.CAMPAIGN_ID, CAMPAIGN_RESULT.DAY)
                .doUpdate()
                .set(CAMPAIGN_RESULT.IMPRESSIONS, DSL.excluded(CAMPAIGN_RESULT.IMPRESSIONS))
                .set(CAMPAIGN_RESULT.CLICKS, DSL.excluded(CAMPAIGN_RESULT.CLICKS))
                .set(CAMPAIGN_RESULT.LEADS, DSL.excluded(CAMPAIGN_RESULT.LEADS))
                .set(CAMPAIGN_RESULT.OPPORTUNITIES, DSL.excluded(CAMPAIGN_RESULT.OPPORTUNITIES))
                .set(CAMPAIGN_RESULT.UPDATED_BY, DSL.excluded(CAMPAIGN_RESULT.UPDATED_BY))
                .set(CAMPAIGN_RESULT.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    List<CampaignResult> results(long campaignId, LocalDate from, LocalDate to) {
        return dsl.selectFrom(CAMPAIGN_RESULT)
                .where(CAMPAIGN_RESULT.CAMPAIGN_ID.eq(campaignId).and(CAMPAIGN_RESULT.DAY.between(from, to)))
                .orderBy(CAMPAIGN_RESULT.DAY)
                .fetch(r -> new CampaignResult(
                        r.getCampaignId(),
                        r.getDay(),
                        r.getImpressions(),
                        r.getClicks(),
                        r.getLeads(),
                        r.getOpportunities()));
    }
}
