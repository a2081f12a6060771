package dev.revgraph.forecast;

import dev.revgraph.forecast.ForecastReports.ForecastDriver;
import dev.revgraph.forecast.ForecastReports.OverrideMode;
import dev.revgraph.forecast.ForecastReports.Scenario;
import dev.revgraph.forecast.ForecastReports.ScenarioOverride;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Scenarios and their overrides (changeset 0038). */
@Repository
class ForecastRepository {

    /** An override to store: its segment id (null: every scope) and the rest as given. */
    record NewOverride(
            Long segmentId,
            ForecastDriver driver,
            YearMonth fromMonth,
            YearMonth toMonth,
            BigDecimal value,
            OverrideMode mode) {}

    private final DSLContext dsl;

    ForecastRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    boolean exists(String code) {
        return dsl.fetchExists(DSL.selectOne().from("forecast_scenario").where("code = {0}", DSL.val(code)));
    }

    /** Inserts a scenario and its overrides (in order); returns its id. */
    long insert(String code, String name, List<NewOverride> overrides, String actor) {
        long id = dsl.resultQuery(
                        "insert into forecast_scenario (code, name, created_by) values ({0}, {1}, {2}) returning id",
                        DSL.val(code), DSL.val(name), DSL.val(actor))
                .fetchOne(0, Long.class);
        if (!overrides.isEmpty()) {
            List<Long> segments = new ArrayList<>();
            List<String> drivers = new ArrayList<>();
            List<LocalDate> froms = new ArrayList<>();
            List<LocalDate> tos = new ArrayList<>();
            List<BigDecimal> values = new ArrayList<>();
            List<String> modes = new ArrayList<>();
            for (NewOverride o : overrides) {
                segments.add(o.segmentId());
                drivers.add(o.driver().name());
                froms.add(o.fromMonth().atDay(1));
                tos.add(o.toMonth().atDay(1));
                values.add(o.value());
                modes.add(o.mode().name());
            }
            dsl.query(
                            """
                    insert into forecast_override
                        (scenario_id, position, segment_id, driver, from_month, to_month, value, mode)
                    select {0}, o.position::int, o.segment_id, o.driver, o.from_month, o.to_month, o.value, o.mode
                    from unnest({1}::bigint[], {2}::text[], {3}::date[], {4}::date[], {5}::numeric[], {6}::text[])
                         with ordinality as o(segment_id, driver, from_month, to_month, value, mode, position)
                    """,
                            DSL.val(id),
                            DSL.val(segments.toArray(Long[]::new), Long[].class),
                            DSL.val(drivers.toArray(String[]::new), String[].class),
                            DSL.val(froms.toArray(LocalDate[]::new), LocalDate[].class),
                            DSL.val(tos.toArray(LocalDate[]::new), LocalDate[].class),
                            DSL.val(values.toArray(BigDecimal[]::new), BigDecimal[].class),
                            DSL.val(modes.toArray(String[]::new), String[].class))
                    .execute();
        }
        return id;
    }

    /** Every scenario (or the one of {@code code}) with its overrides, in two statements. */
    List<Scenario> scenarios(String code) {
        record Head(long id, String code, String name, OffsetDateTime createdAt, String createdBy) {}
        List<Head> heads = dsl.resultQuery("""
                select id, code, name, created_at, created_by from forecast_scenario
                where {0}::text is null or code = {0}::text
                order by code
                """, DSL.val(code, String.class))
                .fetch(r -> new Head(
                        r.get(0, Long.class),
                        r.get(1, String.class),
                        r.get(2, String.class),
                        r.get(3, OffsetDateTime.class),
                        r.get(4, String.class)));
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<Long, List<ScenarioOverride>> overrides = new HashMap<>();
        dsl.resultQuery("""
                select o.scenario_id, s.code, o.driver, o.from_month, o.to_month, o.value, o.mode
                from forecast_override o left join segment s on s.id = o.segment_id
                where o.scenario_id = any({0}::bigint[])
                order by o.scenario_id, o.position
                """, DSL.val(heads.stream().map(Head::id).toArray(Long[]::new), Long[].class))
                .forEach(r -> overrides
                        .computeIfAbsent(r.get(0, Long.class), k -> new ArrayList<>())
                        .add(new ScenarioOverride(
                                r.get(1, String.class),
                                ForecastDriver.valueOf(r.get(2, String.class)),
                                YearMonth.from(r.get(3, LocalDate.class)),
                                YearMonth.from(r.get(4, LocalDate.class)),
                                r.get(5, BigDecimal.class),
                                OverrideMode.valueOf(r.get(6, String.class)))));
        return heads.stream()
                .map(h -> new Scenario(
                        h.id(),
                        h.code(),
                        h.name(),
                        List.copyOf(overrides.getOrDefault(h.id(), List.of())),
                        h.createdAt(),
                        h.createdBy()))
                .toList();
    }

    Optional<Scenario> scenario(String code) {
        return scenarios(code).stream().findFirst();
    }

    /**
     * The rate of {@code currency} into {@code reporting} in force on each day (the latest dated on
     * or before it); a day without one is left out.
     */
    Map<LocalDate, BigDecimal> ratesOn(String currency, List<LocalDate> days, String reporting) {
        Map<LocalDate, BigDecimal> rates = new HashMap<>();
        dsl.resultQuery(
                        "select d, fx_rate_on({0}, d, {1}) from unnest({2}::date[]) as t(d)",
                        DSL.val(currency),
                        DSL.val(reporting),
                        DSL.val(days.toArray(LocalDate[]::new), LocalDate[].class))
                .forEach(r -> {
                    BigDecimal rate = r.get(1, BigDecimal.class);
                    if (rate != null) {
                        rates.put(r.get(0, LocalDate.class), rate);
                    }
                });
        return rates;
    }

    void delete(long id) {
        dsl.query("delete from forecast_scenario where id = {0}", DSL.val(id)).execute();
    }
}
