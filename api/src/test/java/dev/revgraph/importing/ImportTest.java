package dev.revgraph.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.Application;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo generator's small dataset loaded through both ways in (the importCsv mutation, file
 * by file, and the import command on a directory), checked against the generator's own tallies;
 * a second load changes nothing. Each dataset has its own code prefix, its own two currencies and
 * its own year (2035, 2036), so the shared database's other tests never see it.
 */
class ImportTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Environment environment;

    @TempDir
    Path dir;

    @Test
    void loadsTheDemoDatasetOverGraphQlAndASecondLoadChangesNothing() throws IOException {
        String prefix = unique("IG") + "-";
        DemoData.Options options = options(prefix, YearMonth.of(2035, 1));
        DemoData.Tally tally = DemoData.write(dir, options);
        assertThat(tally.totalRows()).isBetween(1_000L, 10_000L);

        for (ImportFile file : ImportFile.values()) {
            Map<String, Object> result = importOk(file, Files.readString(dir.resolve(file.fileName())));
            long rows = tally.rows().get(file.fileName());
            assertThat(result)
                    .containsEntry("file", file.name())
                    .containsEntry("rows", (int) rows)
                    .containsEntry("inserted", (int) rows)
                    .containsEntry("skipped", 0);
        }
        Stored first = stored(options);
        assertMatches(first, tally);

        for (ImportFile file : ImportFile.values()) {
            Map<String, Object> result = importOk(file, Files.readString(dir.resolve(file.fileName())));
            long rows = tally.rows().get(file.fileName());
            assertThat(result).containsEntry("inserted", 0).containsEntry("skipped", (int) rows);
        }
        assertThat(stored(options)).isEqualTo(first);
    }

    @Test
    void loadsTheDemoDatasetFromTheCommandLineAndASecondLoadChangesNothing() {
        String prefix = unique("IC") + "-";
        DemoData.Options options = options(prefix, YearMonth.of(2036, 1));
        DemoData.Tally tally = DemoData.write(dir, options);

        assertThat(runImportCommand(dir)).isZero();
        Stored first = stored(options);
        assertMatches(first, tally);
        assertThat(jdbc.queryForObject(
                        "select inserted from import_run where source = ? order by id desc limit 1",
                        Long.class,
                        "cli:" + dir.toAbsolutePath()))
                .isEqualTo(tally.totalRows());

        assertThat(runImportCommand(dir)).isZero();
        assertThat(stored(options)).isEqualTo(first);
        assertThat(jdbc.queryForObject(
                        "select skipped from import_run where source = ? order by id desc limit 1",
                        Long.class,
                        "cli:" + dir.toAbsolutePath()))
                .isEqualTo(tally.totalRows());
    }

    @Test
    void theCommandLineRefusesABadDirectoryWithExitCodeOneAndWritesNothing() throws IOException {
        String prefix = unique("IX") + "-";
        Files.writeString(dir.resolve("departments.csv"), "code,name,kind\n" + prefix + "A,Alpha,MARKETING\n");
        Files.writeString(
                dir.resolve("spend.csv"),
                "external_id,department_code,booked_on,amount,currency,category\n" + prefix + "1," + prefix
                        + "A,2037-13-01,10.00,USD,TOOLS\n");

        assertThat(runImportCommand(dir)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from department where code like ?", Long.class, prefix + "%"))
                .isZero();
    }

    private int runImportCommand(Path directory) {
        return Application.runCommand(
                false,
                "import",
                directory.toString(),
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""));
    }

    private static DemoData.Options options(String prefix, YearMonth start) {
        return new DemoData.Options(
                1, 7, start, 12, prefix, "USD", List.of(Api.uniqueCurrency(), Api.uniqueCurrency()));
    }

    private Map<String, Object> importOk(ImportFile file, String content) {
        var response = api.mutate("importCsv", Map.of("file", file.name(), "content", content));
        response.path("importCsv.errors").entityList(Object.class).hasSize(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> result =
                response.path("importCsv.result").entity(Map.class).get();
        return result;
    }

    /** What the database holds of one dataset: rows per table and ledger sums per currency. */
    record Stored(
            Map<String, Long> rows,
            Map<String, BigDecimal> spend,
            Map<String, BigDecimal> revenue,
            long recurring,
            List<String> segmentPath) {}

    private Stored stored(DemoData.Options options) {
        String prefix = options.prefix();
        String like = prefix + "%";
        Map<String, Long> rows = new TreeMap<>();
        rows.put("departments.csv", count("select count(*) from department where code like ?", like));
        rows.put("segments.csv", count("select count(*) from segment where code like ?", like));
        rows.put("products.csv", count("select count(*) from product where code like ?", like));
        rows.put("regions.csv", count("select count(*) from region where code like ?", like));
        rows.put("channels.csv", count("select count(*) from channel where code like ?", like));
        rows.put("campaigns.csv", count("select count(*) from campaign where code like ?", like));
        rows.put(
                "campaign_results.csv",
                count(
                        "select count(*) from campaign_result r join campaign c"
                                + " on c.id = r.campaign_id where c.code like ?",
                        like));
        rows.put(
                "touchpoints.csv",
                count(
                        "select count(*) from touchpoint t join customer c on c.id = t.customer_id"
                                + " where c.external_id like ?",
                        like));
        rows.put("customers.csv", count("select count(*) from customer where external_id like ?", like));
        rows.put("spend.csv", count("select count(*) from spend_line where external_id like ?", like));
        rows.put("revenue.csv", count("select count(*) from revenue_line where external_id like ?", like));
        rows.put(
                "budgets.csv",
                count(
                        "select count(*) from budget b join department d on d.id = b.department_id"
                                + " where d.code like ?",
                        like));
        rows.put(
                "headcount.csv",
                count(
                        "select count(*) from headcount h join department d on d.id = h.department_id"
                                + " where d.code like ?",
                        like));
        rows.put(
                "fx_rates.csv",
                count(
                        "select count(*) from fx_rate where currency in (?, ?)",
                        options.currencies().get(0),
                        options.currencies().get(1)));
        Map<String, BigDecimal> spend = sums(
                "select currency, sum(amount) from spend_line where external_id like ?" + " group by currency", like);
        Map<String, BigDecimal> revenue = sums(
                "select currency, sum(amount) from revenue_line where external_id" + " like ? group by currency", like);
        long recurring = count("select count(*) from revenue_line where recurring and external_id like ?", like);
        List<String> path = jdbc.queryForList(
                "with recursive up as (select code, parent_id, 0 as depth from segment"
                        + " where code = ? union all select s.code, s.parent_id, up.depth + 1 from segment s join up on"
                        + " s.id = up.parent_id) select code from up order by depth",
                String.class,
                prefix + "ENT-FIN-BANK");
        return new Stored(rows, spend, revenue, recurring, path);
    }

    private void assertMatches(Stored stored, DemoData.Tally tally) {
        assertThat(stored.rows()).isEqualTo(new TreeMap<>(tally.rows()));
        assertThat(stored.spend()).isEqualTo(strip(tally.spendByCurrency()));
        assertThat(stored.revenue()).isEqualTo(strip(tally.revenueByCurrency()));
        assertThat(stored.recurring()).isEqualTo(tally.recurringLines());
        assertThat(stored.segmentPath())
                .isEqualTo(List.of(
                        stored.segmentPath().get(0),
                        stored.segmentPath().get(0).replace("-BANK", ""),
                        stored.segmentPath().get(0).replace("-FIN-BANK", "")));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private Map<String, BigDecimal> sums(String sql, String like) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        jdbc.query(
                sql,
                rs -> {
                    sums.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros());
                },
                like);
        return sums;
    }

    private static Map<String, BigDecimal> strip(Map<String, BigDecimal> sums) {
        Map<String, BigDecimal> stripped = new TreeMap<>();
        sums.forEach((k, v) -> stripped.put(k, v.stripTrailingZeros()));
        return stripped;
    }
}
