package io.vigil.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.gateway.model.IdempotencyRecord;
import io.vigil.gateway.model.StoredResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Idempotency keys in PostgreSQL. Every decision about who owns a key is one atomic statement, with
 * the database clock as the only clock, so concurrent gateways never both process a request.
 */
@ApplicationScoped
public class IdempotencyRepository {

    /**
     * Insert-if-absent; an expired row, or an in-progress row whose lease ran out, is taken over in
     * the same statement. A row comes back only when this request now owns the key.
     */
    private static final String CLAIM = """
            INSERT INTO idempotency_keys (tenant, idempotency_key, request_hash, state, owner, locked_until, expires_at)
            VALUES ($1, $2, $3, 'IN_PROGRESS', $4,
                    now() + $5::double precision * interval '1 millisecond',
                    now() + $6::double precision * interval '1 millisecond')
            ON CONFLICT (tenant, idempotency_key) DO UPDATE
               SET request_hash = EXCLUDED.request_hash, state = 'IN_PROGRESS', owner = EXCLUDED.owner,
                   response_status = NULL, response_body = NULL, created_at = now(),
                   locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at
             WHERE idempotency_keys.expires_at < now()
                OR (idempotency_keys.state = 'IN_PROGRESS' AND idempotency_keys.locked_until < now())
            RETURNING owner
            """;

    private static final String FIND = """
            SELECT request_hash, state, response_status, response_body FROM idempotency_keys
             WHERE tenant = $1 AND idempotency_key = $2 AND expires_at >= now()
            """;

    private static final String COMPLETE = """
            UPDATE idempotency_keys SET state = 'COMPLETED', response_status = $4, response_body = $5
             WHERE tenant = $1 AND idempotency_key = $2 AND owner = $3 AND state = 'IN_PROGRESS'
            """;

    private static final String RELEASE = """
            DELETE FROM idempotency_keys
             WHERE tenant = $1 AND idempotency_key = $2 AND owner = $3 AND state = 'IN_PROGRESS'
            """;

    private static final String PURGE = "DELETE FROM idempotency_keys WHERE expires_at < now()";

    private final Pool pool;

    IdempotencyRepository(Pool pool) {
        this.pool = pool;
    }

    /** Tries to own the key; the owner token when it succeeded, null when another row stands. */
    public Uni<UUID> claim(String tenant, String key, String requestHash, Duration lease, Duration window) {
        UUID owner = UUID.randomUUID();
        Tuple params = Tuple.tuple()
                .addString(tenant)
                .addString(key)
                .addString(requestHash)
                .addUUID(owner)
                .addDouble((double) lease.toMillis())
                .addDouble((double) window.toMillis());
        return pool.preparedQuery(CLAIM).execute(params).map(rows -> rows.rowCount() == 1 ? owner : null);
    }

    /** The live (unexpired) row for the key, or null. */
    public Uni<IdempotencyRecord> find(String tenant, String key) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant, key)).map(IdempotencyRepository::toRecord);
    }

    /** Stores the answer; false when the claim was lost (lease taken over), so nothing was written. */
    public Uni<Boolean> complete(String tenant, String key, UUID owner, StoredResponse response) {
        Tuple params = Tuple.of(tenant, key, owner, response.status(), response.body());
        return pool.preparedQuery(COMPLETE).execute(params).map(rows -> rows.rowCount() == 1);
    }

    /** Gives the key back after a failed attempt, so a retry runs again instead of replaying a failure. */
    public Uni<Void> release(String tenant, String key, UUID owner) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(tenant, key, owner)).replaceWithVoid();
    }

    /** Deletes expired keys; the number deleted. */
    public Uni<Integer> purgeExpired() {
        return pool.query(PURGE).execute().map(RowSet::rowCount);
    }

    private static IdempotencyRecord toRecord(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        IdempotencyRecord.State state = IdempotencyRecord.State.valueOf(row.getString("state"));
        StoredResponse response = state == IdempotencyRecord.State.COMPLETED
                ? new StoredResponse(row.getInteger("response_status"), row.getString("response_body"))
                : null;
        return new IdempotencyRecord(row.getString("request_hash"), state, response);
    }
}
