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
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
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
        Tuple params = Tuple.from(Arrays.asList("t-prepared", "w-1", t, t.minusDays(30), "d-1", "FR", "m-1",
                minute, minute.minusDays(30), null, null));

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
    void theRelaysDeleteReadsThePrimaryKeyAfterAVacuumFoundTheOutboxEmpty() {
        // A burst published and deleted (in one transaction, so the relay never sees it), then the vacuum
        // autovacuum would run; the delete is planned generically afterwards, as on the pool's connections.
        long pagesBefore = pool.withTransaction(tx -> tx.query("INSERT INTO outbox (topic, message_key, payload)"
                                + " SELECT 'plans.burst', 'k', repeat('x', 1500) FROM generate_series(1, 2000)").execute()
                        .chain(() -> tx.query("DELETE FROM outbox WHERE topic = 'plans.burst'").execute())
                        .chain(() -> tx.query("SELECT pg_relation_size('outbox') / 8192").execute()))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(60));
        String plan = pool.query("VACUUM outbox").execute()
                .chain(() -> pool.withConnection(c -> c.query("PREPARE delete_sent(bigint[]) AS "
                                + OutboxRepository.DELETE_SENT).execute()
                        .chain(() -> c.query("EXPLAIN EXECUTE delete_sent('{1,2}')").execute())
                        .call(() -> c.query("DEALLOCATE delete_sent").execute())))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(row -> row.getString(0))
                        .collect(Collectors.joining("\n")))
                .await().atMost(Duration.ofSeconds(60));
        long pagesAfter = pool.query("SELECT pg_relation_size('outbox') / 8192").execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(30));

        assertTrue(pagesBefore >= 400, "the burst filled " + pagesBefore + " pages");
        assertTrue(plan.contains("outbox_pkey"), plan);
        assertFalse(plan.contains("Seq Scan"), "a sequential scan reads every page the outbox grows back to:\n" + plan);
        assertEquals(pagesBefore, pagesAfter, "the vacuum kept the outbox's pages for the next rows");
    }
}
