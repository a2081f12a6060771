package dev.revgraph.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** campaign_results.csv and touchpoints.csv: loaded, skipped when repeated, refused with the bad line named. */
class ImportCampaignFilesTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void loadsDailyResultsAndTouchpointsIdempotently() {
        String p = unique("IF") + "-";
        load(ImportFile.DEPARTMENTS, "code,name,kind\n" + p + "MKT,Marketing,MARKETING\n");
        load(ImportFile.CHANNELS, "code,name,paid\n" + p + "SEARCH,Search,true\n");
        load(ImportFile.SEGMENTS, "code,name,parent_code\n" + p + "ENT,Enterprise,\n");
        load(
                ImportFile.CAMPAIGNS,
                "code,name,department_code,channel_code,start_date\n" + p + "C1,Spring," + p + "MKT," + p
                        + "SEARCH,2035-03-01\n");
        load(
                ImportFile.CUSTOMERS,
                "external_id,name,segment_code,acquired_on\n" + p + "k1,K1," + p + "ENT,2035-03-20\n");

        String results = "campaign_code,date,impressions,clicks,leads,opportunities\n"
                + p + "C1,2035-03-01,1000,30,3,1\n"
                + p + "C1,2035-03-02,10,12,0,0\n"; // more clicks than impressions: platforms report oddly
        assertThat(load(ImportFile.CAMPAIGN_RESULTS, results))
                .containsEntry("inserted", 2)
                .containsEntry("skipped", 0);
        assertThat(load(ImportFile.CAMPAIGN_RESULTS, results))
                .containsEntry("inserted", 0)
                .containsEntry("skipped", 2);
        String touches = "customer_external_id,campaign_code,occurred_at,kind\n"
                + p + "k1," + p + "C1,2035-03-10T09:00:00Z,CLICK\n"
                + p + "k1," + p + "C1,2035-03-20T11:30:00+02:00,DEMO\n";
        assertThat(load(ImportFile.TOUCHPOINTS, touches)).containsEntry("inserted", 2);
        // the same instant written with another offset is the same touchpoint
        assertThat(load(
                        ImportFile.TOUCHPOINTS,
                        "customer_external_id,campaign_code,occurred_at,kind\n" + p + "k1," + p
                                + "C1,2035-03-20T09:30:00Z,DEMO\n"))
                .containsEntry("skipped", 1);
        assertThat(jdbc.queryForObject(
                        "select sum(clicks) from campaign_result r join campaign c on c.id ="
                                + " r.campaign_id where c.code = ?",
                        Long.class,
                        p + "C1"))
                .isEqualTo(42L);

        String header = "campaign_code,date,impressions,clicks,leads,opportunities\n";
        assertThat(refused(ImportFile.CAMPAIGN_RESULTS, header + p + "C1,2035-03-03,100,-1,0,0\n"))
                .extracting(e -> e.get("line"), e -> e.get("column"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "clicks"));
        assertThat(refused(
                        ImportFile.CAMPAIGN_RESULTS,
                        header + p + "C1,2035-03-04,100,1,0,0\n" + p + "NOPE,2035-03-03,100,1,0,0\n"))
                .extracting(e -> e.get("line"), e -> e.get("column"), e -> e.get("code"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "campaign_code", "NOT_FOUND"));
        List<Map<String, Object>> errors;
        String touchHeader = "customer_external_id,campaign_code,occurred_at,kind\n";
        errors = refused(ImportFile.TOUCHPOINTS, touchHeader + p + "nobody," + p + "C1,2035-03-10T09:00:00Z,CLICK\n");
        assertThat(errors)
                .extracting(e -> e.get("line"), e -> e.get("code"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "NOT_FOUND"));
        errors =
                refused(ImportFile.TOUCHPOINTS, touchHeader + p + "k1," + p + "C1,2035-03-10T10:00:00Z,SMOKE_SIGNAL\n");
        assertThat(errors)
                .extracting(e -> e.get("line"), e -> e.get("column"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "kind"));
        assertThat(jdbc.queryForObject(
                        "select count(*) from touchpoint t join customer c on c.id = t.customer_id"
                                + " where c.external_id = ?",
                        Long.class,
                        p + "k1"))
                .isEqualTo(2L);
    }

    private Map<String, Object> load(ImportFile file, String content) {
        var response = api.mutate("importCsv", Map.of("file", file.name(), "content", content));
        response.path("importCsv.errors").entityList(Object.class).hasSize(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> result =
                response.path("importCsv.result").entity(Map.class).get();
        return result;
    }

    private List<Map<String, Object>> refused(ImportFile file, String content) {
        var response = api.mutate("importCsv", Map.of("file", file.name(), "content", content));
        response.path("importCsv.result").valueIsNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) (List<?>)
                response.path("importCsv.errors").entityList(Map.class).get();
        return errors;
    }
}
