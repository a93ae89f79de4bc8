package io.vigil.saga.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.Topics;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import io.vigil.testsupport.QueueTablePlans;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** What the relay does to the rows it published, and how PostgreSQL finds them. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
class OutboxRepositoryTest {

    @Inject
    Pool pool;

    @Inject
    OutboxRepository outbox;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void publishedRowsAreDeletedAndTheOthersKeptUnsent() {
        String prefix = "deleted-" + UUID.randomUUID() + "-";
        List<OutboxRepository.NewRow> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(new OutboxRepository.NewRow(prefix + i, Topics.DECISIONS, "w-1", "{}", Map.of()));
        }

        // all in one transaction, then rolled back, so the running relay never publishes these rows
        List<String> left = pool.withConnection(connection -> connection.begin().flatMap(tx -> outbox.insert(connection, rows)
                        .chain(() -> connection.preparedQuery("SELECT id FROM outbox_message WHERE message_id LIKE $1"
                                + " ORDER BY id").execute(Tuple.of(prefix + "%")))
                        .map(found -> StreamSupport.stream(found.spliterator(), false).map(row -> row.getLong("id")).toList())
                        .chain(ids -> outbox.deleteSent(connection, ids.subList(0, 2)))
                        .chain(() -> connection.preparedQuery("SELECT message_id FROM outbox_message"
                                + " WHERE message_id LIKE $1 AND sent_at IS NULL").execute(Tuple.of(prefix + "%")))
                        .map(found -> StreamSupport.stream(found.spliterator(), false)
                                .map(row -> row.getString("message_id")).toList())
                        .call(tx::rollback)))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals(List.of(prefix + 2), left, "the two published rows are gone, the third waits unsent");
    }

    @Test
    void theRelaysDeleteReadsThePrimaryKeyAfterAVacuumFoundTheOutboxEmpty() {
        QueueTablePlans.AfterVacuum after = QueueTablePlans.afterVacuumFoundItEmpty(jdbcUrl, "outbox_message", List.of(
                        "INSERT INTO outbox_message (message_id, topic, payload)"
                                + " SELECT 'plans-' || n, 'plans.burst', repeat('x', 1500) FROM generate_series(1, 2000) n",
                        "DELETE FROM outbox_message WHERE topic = 'plans.burst'"),
                OutboxRepository.DELETE_SENT, "bigint[]", "'{1,2}'");
        String options = pool.query("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'outbox_message'")
                .execute()
                .map(rows -> rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(30));

        // whether a vacuum truncates also depends on the relay's open transaction, hence the option itself
        assertTrue(options.contains("vacuum_truncate=false"), options);
        assertTrue(after.pagesBefore() >= 400, "the burst filled " + after.pagesBefore() + " pages");
        assertTrue(after.plan().contains("outbox_message_pkey"), after.plan());
        assertFalse(after.plan().contains("Seq Scan"),
                "a sequential scan reads every page the outbox grows back to:\n" + after.plan());
        assertEquals(after.pagesBefore(), after.pagesAfter(), "the vacuum kept the outbox's pages for the next rows");
    }
}
