package dev.revgraph.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Two simultaneous imports of the same new file both end cleanly: one inserts the rows, the other
 * finds them stored and skips them. To make the two really overlap, the test holds a lock on the
 * departments table from its own connection until both requests are waiting in PostgreSQL.
 */
class ConcurrentImportTest extends IntegrationTest {

    @Autowired
    Environment environment;

    @Test
    void twoSimultaneousImportsOfTheSameNewFileBothEndCleanly() throws Exception {
        StringBuilder content = new StringBuilder("code,name,kind\n");
        String prefix = unique("CIMP");
        for (int i = 0; i < 50; i++) {
            content.append(prefix)
                    .append('-')
                    .append(i)
                    .append(",Department ")
                    .append(i)
                    .append(",GENERAL\n");
        }
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (Sql locker = new Sql(environment);
                Sql observer = new Sql(environment)) {
            locker.connection().setAutoCommit(false);
            locker.execute("lock table department in share row exclusive mode");
            List<CompletableFuture<Map<String, Object>>> imports = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                imports.add(CompletableFuture.supplyAsync(
                        () -> {
                            var response = api.mutate(
                                    "importCsv", Map.of("file", "DEPARTMENTS", "content", content.toString()));
                            response.errors().verify();
                            @SuppressWarnings("unchecked")
                            Map<String, Object> payload =
                                    response.path("importCsv").entity(Map.class).get();
                            return payload;
                        },
                        executor));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (observer.count(
                            "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                                    + " and backend_type = 'client backend' and pid <> ?",
                            locker.value("select pg_backend_pid()"))
                    < 2) {
                assertThat(System.nanoTime())
                        .as("both imports wait in PostgreSQL")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            locker.connection().rollback();

            List<Map<String, Object>> payloads = new ArrayList<>();
            for (CompletableFuture<Map<String, Object>> done : imports) {
                payloads.add(done.get(60, TimeUnit.SECONDS));
            }
            assertThat(payloads).allSatisfy(p -> assertThat(p.get("errors")).isEqualTo(List.of()));
            assertThat(payloads)
                    .extracting(p -> (Object) ((Map<?, ?>) p.get("result")).get("inserted"))
                    .containsExactlyInAnyOrder(50, 0);
            assertThat(payloads)
                    .extracting(p -> (Object) ((Map<?, ?>) p.get("result")).get("skipped"))
                    .containsExactlyInAnyOrder(0, 50);
            assertThat(observer.count("select count(*) from department where code like ?", prefix + "-%"))
                    .isEqualTo(50);
        } finally {
            executor.shutdownNow();
        }
    }
}
