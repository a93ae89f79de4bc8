package io.vigil.saga.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.Decision;
import io.vigil.contracts.Topics;
import io.vigil.saga.engine.SagaEngine;
import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.engine.SagaState;
import io.vigil.saga.model.TransactionSagaData;
import io.vigil.saga.service.Fixtures;
import io.vigil.saga.service.TransactionSaga;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the saga's batched writes promise, whatever the statements they use: every row as given, outbox
 * ids in list order, and a stale saga failing its whole batch.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
class SagaRepositoryTest {

    private static final String TENANT = "acme";

    @Inject
    Pool pool;

    @Inject
    SagaRepository sagas;

    @Inject
    OutboxRepository outbox;

    @Inject
    SagaEngine<TransactionSagaData> engine;

    private StoredSaga newSaga() {
        String id = "tx-" + UUID.randomUUID();
        TransactionSagaData data = TransactionSagaData.of(Fixtures.scored(TENANT, id, "w-" + id, Decision.APPROVE));
        return new StoredSaga(TENANT, "w-" + id, engine.start(id, data, Instant.now()).saga());
    }

    private StoredSaga load(String id) {
        return sagas.find(pool, id).await().indefinitely().orElseThrow();
    }

    @Test
    void aBatchOfNewSagasIsStoredRowByRowAsGiven() {
        StoredSaga started = newSaga();
        SagaInstance<TransactionSagaData> cancelled = SagaInstance.cancelledBeforeStart(
                "tx-" + UUID.randomUUID(), TransactionSaga.TYPE, "payment cancelled", Instant.now());
        StoredSaga beforeStart = new StoredSaga(TENANT, "w-cancelled", cancelled);

        pool.withTransaction(tx -> sagas.insert(tx, List.of(started, beforeStart))).await().indefinitely();

        StoredSaga first = load(started.saga().id());
        assertEquals(SagaState.RUNNING, first.saga().state());
        assertEquals(started.saga().data(), first.saga().data());
        assertEquals(started.saga().log(), first.saga().log());
        assertEquals(started.walletId(), first.walletId());
        assertEquals(0L, first.saga().version());
        StoredSaga second = load(cancelled.id());
        assertEquals(cancelled.state(), second.saga().state());
        assertNull(second.saga().data(), "a saga cancelled before its start has no data");
        assertEquals(cancelled.cause(), second.saga().cause());
    }

    /** jsonb would parse every write and reformat it; the saga's large rows compress with lz4, not pglz. */
    @Test
    void theSagaStateIsKeptAsWrittenAndCompressedWithLz4() {
        StoredSaga started = newSaga();
        pool.withTransaction(tx -> sagas.insert(tx, List.of(started))).await().indefinitely();

        Map<String, String> columns = new TreeMap<>();
        pool.preparedQuery("SELECT attname::text AS name, format_type(atttypid, atttypmod) AS type,"
                        + " attcompression::text AS compression FROM pg_attribute"
                        + " WHERE attrelid = 'saga_instance'::regclass AND attname IN ('data', 'steps')")
                .execute().await().indefinitely()
                .forEach(r -> columns.put(r.getString("name"), r.getString("type") + " " + r.getString("compression")));
        assertEquals(Map.of("data", "json l", "steps", "json l"), columns);
        String stored = pool.preparedQuery("SELECT steps::text AS steps FROM saga_instance WHERE saga_id = $1")
                .execute(Tuple.of(started.saga().id())).await().indefinitely().iterator().next().getString("steps");
        assertEquals(-1, stored.indexOf("\": "), "the log as the service wrote it, not reformatted: " + stored);
    }

    @Test
    void aStaleSagaFailsItsWholeBatchAndSavesNoneOfIt() {
        StoredSaga a = newSaga();
        StoredSaga b = newSaga();
        pool.withTransaction(tx -> sagas.insert(tx, List.of(a, b))).await().indefinitely();
        StoredSaga staleA = load(a.saga().id());
        StoredSaga freshB = load(b.saga().id());
        StoredSaga savedA = load(a.saga().id());
        pool.withTransaction(tx -> sagas.update(tx, List.of(new SagaRepository.Update(savedA.saga(), false))))
                .await().indefinitely();

        assertThrows(ConcurrentUpdateException.class, () -> pool.withTransaction(tx -> sagas.update(tx, List.of(
                        new SagaRepository.Update(freshB.saga(), false),
                        new SagaRepository.Update(staleA.saga(), false))))
                .await().indefinitely());
        assertEquals(1L, load(a.saga().id()).saga().version());
        assertEquals(0L, load(b.saga().id()).saga().version(), "the batch rolled back with its stale member");

        pool.withTransaction(tx -> sagas.update(tx, List.of(new SagaRepository.Update(freshB.saga(), false))))
                .await().indefinitely();
        assertEquals(1L, freshB.saga().version(), "a saved saga carries its new version");
        assertEquals(1L, load(b.saga().id()).saga().version());
    }

    @Test
    void outboxRowsOfOneBatchArePublishedInListOrder() {
        String batch = UUID.randomUUID().toString();
        List<OutboxRepository.NewRow> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(new OutboxRepository.NewRow(batch + "-" + i, Topics.DECISIONS, "k" + (i % 3),
                    i == 5 ? null : "{\"n\":" + i + "}", Map.of("position", Integer.toString(i))));
        }

        // read back inside the transaction, then rolled back, so the running relay never publishes these rows
        List<String> stored = new ArrayList<>();
        pool.withConnection(connection -> connection.begin().flatMap(tx -> outbox.insert(connection, rows)
                        .chain(() -> connection.preparedQuery("SELECT message_id, payload, headers->>'position' AS position"
                                        + " FROM outbox_message WHERE message_id LIKE $1 ORDER BY id")
                                .execute(Tuple.of(batch + "-%")))
                        .call(tx::rollback)))
                .await().indefinitely()
                .forEach(r -> {
                    String id = r.getString("message_id");
                    assertEquals(id.substring(id.lastIndexOf('-') + 1), r.getString("position"));
                    if (id.endsWith("-5")) {
                        assertNull(r.getString("payload"), "a tombstone stays a null payload");
                    }
                    stored.add(id);
                });
        assertEquals(rows.stream().map(OutboxRepository.NewRow::messageId).toList(), stored);
    }
}
