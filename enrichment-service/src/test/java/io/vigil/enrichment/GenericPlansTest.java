package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.enrichment.repository.OutboxRepository;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresDatabase;
import io.vigil.testsupport.PostgresTestResource;
import io.vigil.testsupport.QueueTablePlans;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The service's connections keep its statements prepared, the long wallet snapshot included, and ask PostgreSQL
 * for generic plans of them (see application.properties and PipelinedPoolCreator).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class GenericPlansTest {

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void everyPooledConnectionPlansPreparedStatementsGenerically() {
        String mode = pool.query("SHOW plan_cache_mode").execute()
                .map(rows -> rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals("force_generic_plan", mode);
    }

    @Test
    void theWalletSnapshotStaysPreparedOnItsConnection() {
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime minute = t.truncatedTo(ChronoUnit.MINUTES);
        Tuple params = Tuple.from(Arrays.asList(new String[] {"t-prepared"}, new String[] {"w-1"},
                new OffsetDateTime[] {t}, new OffsetDateTime[] {t.minusDays(30)}, new String[] {"d-1"},
                new String[] {"FR"}, new String[] {"m-1"}, new OffsetDateTime[] {minute},
                new OffsetDateTime[] {minute.minusDays(30)}, new Long[] {null}, new Long[] {null},
                new OffsetDateTime[] {minute.minusDays(30)}, new Boolean[] {true}, new Boolean[] {true},
                new Boolean[] {true}, new Boolean[] {true}));

        long prepared = pool.withConnection(connection -> connection.preparedQuery(HistoryRepository.SNAPSHOT)
                        .execute(params)
                        .chain(() -> connection.preparedQuery(HistoryRepository.SNAPSHOT).execute(params))
                        .chain(() -> connection.preparedQuery("SELECT count(*) FROM pg_prepared_statements"
                                + " WHERE statement = $1").execute(Tuple.of(HistoryRepository.SNAPSHOT)))
                        .map(rows -> rows.iterator().next().getLong(0)))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals(1, prepared, "parsed and planned once, not on every execution");
    }

    @Test
    void theWalletSnapshotReadsIndexRangesEvenPlannedOnAFreshDatabasesEmptyTable() throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection c = PostgresDatabase.connect(jdbcUrl);
                Statement s = c.createStatement()) {
            // empty and never analyzed, shadowing the shared table for this session only
            s.execute("CREATE TEMP TABLE wallet_transaction (LIKE public.wallet_transaction INCLUDING ALL)");
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE snapshot AS " + HistoryRepository.SNAPSHOT);
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE snapshot('{t,t}', '{w-1,w-2}',"
                    + " '{2026-02-01T00:00:00Z,2026-02-01T00:00:00Z}', '{2026-01-02T00:00:00Z,2026-01-02T00:00:00Z}',"
                    + " '{d-1,d-2}', '{FR,DE}', '{m-1,m-2}', '{2026-02-01T00:00:00Z,2026-02-01T00:00:00Z}',"
                    + " '{2026-01-02T00:00:00Z,2026-01-02T00:00:00Z}', '{NULL,NULL}', '{NULL,NULL}',"
                    + " '{2026-01-02T00:00:00Z,2026-02-01T00:00:00Z}', '{t,f}', '{t,f}', '{t,t}', '{t,f}')")) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
        }
        String text = String.join("\n", plan);
        assertFalse(text.contains("Seq Scan") || text.contains("Hash"),
                "a scan of the whole table for every batch of snapshots:\n" + text);
        assertTrue(text.contains("Index Only Scan"), text);
    }

    @Test
    void theRelaysDeleteReadsThePrimaryKeyAfterAVacuumFoundTheOutboxEmpty() {
        QueueTablePlans.AfterVacuum after = QueueTablePlans.afterVacuumFoundItEmpty(jdbcUrl, "outbox", List.of(
                        "INSERT INTO outbox (topic, message_key, payload)"
                                + " SELECT 'plans.burst', 'k', repeat('x', 1500) FROM generate_series(1, 2000)",
                        "DELETE FROM outbox WHERE topic = 'plans.burst'"),
                OutboxRepository.DELETE_SENT, "bigint[]", "'{1,2}'");

        assertTrue(after.pagesBefore() >= 400, "the burst filled " + after.pagesBefore() + " pages");
        assertTrue(after.plan().contains("outbox_pkey"), after.plan());
        assertFalse(after.plan().contains("Seq Scan"),
                "a sequential scan reads every page the outbox grows back to:\n" + after.plan());
        assertEquals(after.pagesBefore(), after.pagesAfter(), "the vacuum kept the outbox's pages for the next rows");
    }
}
