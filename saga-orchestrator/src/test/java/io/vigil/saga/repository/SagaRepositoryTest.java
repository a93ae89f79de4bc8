package io.vigil.saga.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.Decision;
import io.vigil.contracts.Reason;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.saga.engine.SagaEngine;
import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.engine.SagaState;
import io.vigil.saga.model.LocalEffect;
import io.vigil.saga.model.TransactionSagaData;
import io.vigil.saga.service.Fixtures;
import io.vigil.saga.service.TransactionSaga;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the saga's batched writes promise, whatever the statements they use: every row as given, an audit
 * once per transaction, outbox ids in list order, and a stale saga failing its whole batch.
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
    AuditRepository audits;

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
    void auditRowsOfOneBatchAreStoredAsGivenAndATransactionOnlyOnce() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ScoredTransaction scored = Fixtures.scored(TENANT, "tx-" + UUID.randomUUID(), "w-audit", Decision.REVIEW);
        String id = scored.transaction().transactionId();
        String bareId = "tx-" + UUID.randomUUID();
        List<Reason> reasons = List.of(new Reason("VELOCITY", "5 transactions in the last hour", 4.9598));
        LocalEffect.RecordAudit first = new LocalEffect.RecordAudit(id, TENANT, "w-audit", Decision.REVIEW, 0.61,
                reasons, "lr-1", scored.features(), false, "trace-1", at, at);
        LocalEffect.RecordAudit again = new LocalEffect.RecordAudit(id, TENANT, "w-audit", Decision.DECLINE, 0.97,
                List.of(), "lr-2", null, true, null, null, at);
        LocalEffect.RecordAudit bare = new LocalEffect.RecordAudit(bareId, TENANT, "w-audit", Decision.APPROVE, 0.02,
                List.of(), null, null, true, null, null, at);

        pool.withTransaction(tx -> audits.insert(tx, List.of(first, again, bare))).await().indefinitely();

        Map<String, String> stored = new TreeMap<>();
        pool.preparedQuery("SELECT transaction_id, decision, score, reasons::text AS reasons, model_version,"
                        + " features::text IS NOT NULL AS has_features, degraded, trace_id, scored_at = $3 AS scored,"
                        + " recorded_at = $3 AS recorded FROM decision_audit WHERE transaction_id IN ($1, $2)")
                .execute(Tuple.of(id, bareId, Sql.ts(at))).await().indefinitely()
                .forEach(r -> stored.put(r.getString("transaction_id"), Stream.of(r.getString("decision"),
                                r.getDouble("score"), r.getString("reasons"), r.getString("model_version"),
                                r.getBoolean("has_features"), r.getBoolean("degraded"), r.getString("trace_id"),
                                r.getBoolean("scored"), r.getBoolean("recorded"))
                        .map(String::valueOf).collect(Collectors.joining(" "))));
        assertEquals(Map.of(
                id, "REVIEW 0.61 [{\"code\":\"VELOCITY\",\"detail\":\"5 transactions in the last hour\","
                        + "\"weight\":4.9598}] lr-1 true false trace-1 true true",
                bareId, "APPROVE 0.02 [] null false true null null true"), stored,
                "the first audit of a transaction is kept, the second changes nothing");
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
