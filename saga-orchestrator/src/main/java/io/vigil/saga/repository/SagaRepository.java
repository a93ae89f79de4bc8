package io.vigil.saga.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.engine.SagaState;
import io.vigil.saga.engine.StepRecord;
import io.vigil.saga.model.TransactionSagaData;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saga state and step log in {@code saga_instance}, saved under optimistic locking. */
@ApplicationScoped
public class SagaRepository {

    private static final TypeReference<List<StepRecord>> STEPS = new TypeReference<>() {};
    private static final TypeReference<TransactionSagaData> DATA = new TypeReference<>() {};
    /** Public so a test can check that PostgreSQL answers it from the partial index. */
    public static final String COUNT_UNSETTLED = "SELECT state, count(*) AS n FROM saga_instance"
            + " WHERE state IN ('RUNNING', 'PARKED', 'COMPENSATING') GROUP BY state";
    private static final String COLUMNS = "saga_id, saga_type, tenant, wallet_id, state, cursor_pos, cancel_requested,"
            + " cause, data::text AS data, steps::text AS steps, started_at, updated_at, version";

    private final ObjectMapper json;

    public SagaRepository(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Optional<StoredSaga>> find(SqlClient client, String sagaId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM saga_instance WHERE saga_id = $1")
                .execute(Tuple.of(sagaId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    /** The stored sagas among {@code sagaIds}, by id. */
    public Uni<Map<String, StoredSaga>> find(SqlClient client, Collection<String> sagaIds) {
        if (sagaIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("SELECT " + COLUMNS + " FROM saga_instance WHERE saga_id = ANY($1)")
                .execute(Tuple.of(sagaIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, StoredSaga> found = new HashMap<>();
                    rows.forEach(r -> {
                        StoredSaga stored = map(r);
                        found.put(stored.saga().id(), stored);
                    });
                    return found;
                });
    }

    /* One statement for the batch, one array element per saga, as AuditRepository's insert. */
    private static final String INSERT = "INSERT INTO saga_instance (saga_id, saga_type, tenant, wallet_id, state,"
            + " cursor_pos, cancel_requested, cause, data, steps, wake_at, started_at, updated_at, version)"
            + " SELECT saga_id, saga_type, tenant, wallet_id, state, cursor_pos, cancel_requested, cause, data::json,"
            + " steps::json, wake_at, started_at, updated_at, 0"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::boolean[],"
            + " $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[])"
            + " AS s (saga_id, saga_type, tenant, wallet_id, state, cursor_pos, cancel_requested, cause, data, steps,"
            + " wake_at, started_at, updated_at)";

    /** Inserts new sagas (version 0) in one statement. */
    public Uni<Void> insert(SqlClient client, List<StoredSaga> sagas) {
        if (sagas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = sagas.size();
        String[] id = new String[n], type = new String[n], tenant = new String[n], walletId = new String[n],
                state = new String[n], cause = new String[n], data = new String[n], steps = new String[n];
        Integer[] cursor = new Integer[n];
        Boolean[] cancelRequested = new Boolean[n];
        OffsetDateTime[] wakeAt = new OffsetDateTime[n], startedAt = new OffsetDateTime[n],
                updatedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            StoredSaga stored = sagas.get(i);
            SagaInstance<TransactionSagaData> saga = stored.saga();
            id[i] = saga.id();
            type[i] = saga.type();
            tenant[i] = stored.tenant();
            walletId[i] = stored.walletId();
            state[i] = saga.state().name();
            cursor[i] = saga.cursor();
            cancelRequested[i] = saga.cancelRequested();
            cause[i] = saga.cause();
            data[i] = saga.data() == null ? null : write(saga.data());
            steps[i] = write(saga.log());
            wakeAt[i] = Sql.ts(saga.wakeAt().orElse(null));
            startedAt[i] = Sql.ts(saga.startedAt());
            updatedAt[i] = Sql.ts(saga.updatedAt());
        }
        return client.preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addArrayOfString(id)
                        .addArrayOfString(type)
                        .addArrayOfString(tenant)
                        .addArrayOfString(walletId)
                        .addArrayOfString(state)
                        .addArrayOfInteger(cursor)
                        .addArrayOfBoolean(cancelRequested)
                        .addArrayOfString(cause)
                        .addArrayOfString(data)
                        .addArrayOfString(steps)
                        .addArrayOfOffsetDateTime(wakeAt)
                        .addArrayOfOffsetDateTime(startedAt)
                        .addArrayOfOffsetDateTime(updatedAt))
                .invoke(() -> sagas.forEach(stored -> stored.saga().markSaved(0L)))
                .replaceWithVoid();
    }

    /**
     * A loaded saga to save. The data, the largest column, is written only when a transition replaced it
     * (most transitions only move the step log).
     */
    public record Update(SagaInstance<TransactionSagaData> saga, boolean dataChanged) {}

    /**
     * Saves changed sagas in one pipelined batch, each against the version it was loaded with; fails with
     * {@link ConcurrentUpdateException} if another transition saved one of them first. Rows are written in
     * id order, so two transactions saving overlapping sagas cannot deadlock.
     */
    public Uni<Void> update(SqlClient client, List<Update> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Update> ordered = new ArrayList<>(updates);
        ordered.sort(Comparator.comparing(u -> u.saga().id()));
        List<Tuple> tuples = new ArrayList<>(ordered.size());
        for (Update update : ordered) {
            SagaInstance<TransactionSagaData> saga = update.saga();
            tuples.add(Tuple.from(Arrays.asList(
                    saga.id(),
                    saga.version(),
                    saga.state().name(),
                    saga.cursor(),
                    saga.cancelRequested(),
                    saga.cause(),
                    update.dataChanged() && saga.data() != null ? write(saga.data()) : null,
                    write(saga.log()),
                    Sql.ts(saga.wakeAt().orElse(null)),
                    Sql.ts(saga.updatedAt()))));
        }
        return client.preparedQuery("UPDATE saga_instance SET state = $3, cursor_pos = $4, cancel_requested = $5,"
                        + " cause = $6, data = COALESCE(CAST($7 AS text)::json, data), steps = CAST($8 AS text)::json, wake_at = $9, updated_at = $10,"
                        + " version = version + 1 WHERE saga_id = $1 AND version = $2")
                .executeBatch(tuples)
                .invoke(result -> {
                    RowSet<Row> each = result;
                    for (Update update : ordered) {
                        if (each == null || each.rowCount() != 1) {
                            throw new ConcurrentUpdateException(update.saga().id(), update.saga().version());
                        }
                        each = each.next();
                    }
                    ordered.forEach(update -> update.saga().markSaved(update.saga().version() + 1));
                })
                .replaceWithVoid();
    }

    /** Sagas with a deadline at or before {@code now}, oldest first. */
    public Uni<List<String>> due(SqlClient client, Instant now, int limit) {
        return client.preparedQuery("SELECT saga_id FROM saga_instance WHERE wake_at <= $1 ORDER BY wake_at LIMIT $2")
                .execute(Tuple.of(Sql.ts(now), limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("saga_id")));
                    return ids;
                });
    }

    /**
     * Sagas by unsettled state (running, parked, compensating). Settled sagas are kept for good, so counting
     * them would read a table that only grows; this reads the partial index of the unsettled ones, whose
     * predicate the query repeats word for word (V3__unsettled_state_index.sql).
     */
    public Uni<Map<SagaState, Long>> countUnsettled(SqlClient client) {
        return client.query(COUNT_UNSETTLED)
                .execute()
                .map(rows -> {
                    Map<SagaState, Long> counts = new EnumMap<>(SagaState.class);
                    for (SagaState s : SagaState.values()) {
                        if (!s.isSettled()) {
                            counts.put(s, 0L);
                        }
                    }
                    rows.forEach(r -> counts.put(SagaState.valueOf(r.getString("state")), r.getLong("n")));
                    return counts;
                });
    }

    private StoredSaga map(Row row) {
        String data = row.getString("data");
        SagaInstance<TransactionSagaData> saga = new SagaInstance<>(
                row.getString("saga_id"),
                row.getString("saga_type"),
                SagaState.valueOf(row.getString("state")),
                row.getInteger("cursor_pos"),
                row.getBoolean("cancel_requested"),
                row.getString("cause"),
                data == null ? null : read(data, DATA),
                read(row.getString("steps"), STEPS),
                Sql.instant(row, "started_at"),
                Sql.instant(row, "updated_at"),
                row.getLong("version"));
        return new StoredSaga(row.getString("tenant"), row.getString("wallet_id"), saga);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("saga state not serialisable", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored saga state unreadable", e);
        }
    }
}
