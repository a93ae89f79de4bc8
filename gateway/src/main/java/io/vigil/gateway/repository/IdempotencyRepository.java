package io.vigil.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.database.WriteCoalescer;
import io.vigil.gateway.model.IdempotencyRecord;
import io.vigil.gateway.model.StoredResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Idempotency keys in PostgreSQL. Every decision about who owns a key is one atomic statement, with
 * the database clock as the only clock, so concurrent gateways never both process a request.
 */
@ApplicationScoped
public class IdempotencyRepository {

    /**
     * Insert-if-absent, for a batch of keys; an expired row, or an in-progress row whose lease ran out, is
     * taken over in the same statement. A key's owner comes back only when its request now owns it. Rows go
     * in key order, here and in COMPLETE, so two gateways whose batches share keys cannot deadlock.
     */
    private static final String CLAIM = """
            INSERT INTO idempotency_keys (tenant, idempotency_key, request_hash, state, owner, locked_until, expires_at)
            SELECT tenant, idempotency_key, request_hash, 'IN_PROGRESS', owner,
                   now() + lease_ms * interval '1 millisecond', now() + window_ms * interval '1 millisecond'
              FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::float8[], $6::float8[])
                   AS c (tenant, idempotency_key, request_hash, owner, lease_ms, window_ms)
             ORDER BY tenant, idempotency_key
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

    /**
     * Stores the answers of a batch of owned keys; the owners whose answer was stored. An upsert, like the
     * claim, rather than an UPDATE joined to the batch: PostgreSQL finds each row through the key's index
     * whatever its statistics say, where a join planned while the table was empty would scan it for as long
     * as the plan is cached. So a key that vanished meanwhile (taken over, then released by the request that
     * took it) is stored again, with this request's answer and fingerprint.
     */
    private static final String COMPLETE = """
            INSERT INTO idempotency_keys (tenant, idempotency_key, request_hash, state, owner, response_status,
                response_body, locked_until, expires_at)
            SELECT tenant, idempotency_key, request_hash, 'COMPLETED', owner, status, body, now(),
                   now() + window_ms * interval '1 millisecond'
              FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::int[], $6::text[], $7::float8[])
                   AS c (tenant, idempotency_key, request_hash, owner, status, body, window_ms)
             ORDER BY tenant, idempotency_key
            ON CONFLICT (tenant, idempotency_key) DO UPDATE
               SET state = 'COMPLETED', response_status = EXCLUDED.response_status,
                   response_body = EXCLUDED.response_body
             WHERE idempotency_keys.owner = EXCLUDED.owner AND idempotency_keys.state = 'IN_PROGRESS'
            RETURNING owner
            """;

    /*
     * Claims and completions per statement at most. Concurrent submissions' claims, and their completions,
     * share a statement when they arrive while one runs (WriteCoalescer), so the cap only bounds a batch after
     * a stall of the database.
     */
    private static final int MAX_KEYS_PER_WRITE = 100;

    private static final String RELEASE = """
            DELETE FROM idempotency_keys
             WHERE tenant = $1 AND idempotency_key = $2 AND owner = $3 AND state = 'IN_PROGRESS'
            """;

    private static final String PURGE = "DELETE FROM idempotency_keys WHERE expires_at < now()";

    private final Pool pool;
    private final WriteCoalescer<Claim, Boolean> claims;
    private final WriteCoalescer<Completion, Boolean> completions;

    IdempotencyRepository(Pool pool) {
        this.pool = pool;
        this.claims = new WriteCoalescer<>(this::claimAll, Claim::key, MAX_KEYS_PER_WRITE);
        this.completions = new WriteCoalescer<>(this::completeAll, Completion::key, MAX_KEYS_PER_WRITE);
    }

    /** Tries to own the key; the owner token when it succeeded, null when another row stands. */
    public Uni<UUID> claim(String tenant, String key, String requestHash, Duration lease, Duration window) {
        Claim claim = new Claim(new Key(tenant, key), requestHash, UUID.randomUUID(), lease, window);
        return claims.write(claim).map(owned -> owned ? claim.owner() : null);
    }

    /** The live (unexpired) row for the key, or null. */
    public Uni<IdempotencyRecord> find(String tenant, String key) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant, key)).map(IdempotencyRepository::toRecord);
    }

    /**
     * Stores the answer of the request that claimed the key with this fingerprint and window; false when
     * another request took the key over, so nothing was written.
     */
    public Uni<Boolean> complete(String tenant, String key, UUID owner, String requestHash, Duration window,
            StoredResponse response) {
        return completions.write(new Completion(new Key(tenant, key), owner, requestHash, window, response));
    }

    /** Gives the key back after a failed attempt, so a retry runs again instead of replaying a failure. */
    public Uni<Void> release(String tenant, String key, UUID owner) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(tenant, key, owner)).replaceWithVoid();
    }

    /** Deletes expired keys; the number deleted. */
    public Uni<Integer> purgeExpired() {
        return pool.query(PURGE).execute().map(RowSet::rowCount);
    }

    private record Key(String tenant, String key) {}

    private record Claim(Key key, String requestHash, UUID owner, Duration lease, Duration window) {}

    private record Completion(Key key, UUID owner, String requestHash, Duration window, StoredResponse response) {}

    private Uni<List<Boolean>> claimAll(List<Claim> batch) {
        Tuple params = Tuple.tuple()
                .addArrayOfString(batch.stream().map(c -> c.key().tenant()).toArray(String[]::new))
                .addArrayOfString(batch.stream().map(c -> c.key().key()).toArray(String[]::new))
                .addArrayOfString(batch.stream().map(Claim::requestHash).toArray(String[]::new))
                .addArrayOfUUID(batch.stream().map(Claim::owner).toArray(UUID[]::new))
                .addArrayOfDouble(batch.stream().map(c -> (double) c.lease().toMillis()).toArray(Double[]::new))
                .addArrayOfDouble(batch.stream().map(c -> (double) c.window().toMillis()).toArray(Double[]::new));
        return pool.preparedQuery(CLAIM).execute(params)
                .map(rows -> stillOwned(rows, batch.stream().map(Claim::owner).toList()));
    }

    private Uni<List<Boolean>> completeAll(List<Completion> batch) {
        Tuple params = Tuple.tuple()
                .addArrayOfString(batch.stream().map(c -> c.key().tenant()).toArray(String[]::new))
                .addArrayOfString(batch.stream().map(c -> c.key().key()).toArray(String[]::new))
                .addArrayOfString(batch.stream().map(Completion::requestHash).toArray(String[]::new))
                .addArrayOfUUID(batch.stream().map(Completion::owner).toArray(UUID[]::new))
                .addArrayOfInteger(batch.stream().map(c -> c.response().status()).toArray(Integer[]::new))
                .addArrayOfString(batch.stream().map(c -> c.response().body()).toArray(String[]::new))
                .addArrayOfDouble(batch.stream().map(c -> (double) c.window().toMillis()).toArray(Double[]::new));
        return pool.preparedQuery(COMPLETE).execute(params)
                .map(rows -> stillOwned(rows, batch.stream().map(Completion::owner).toList()));
    }

    /** For each owner in order, whether the statement returned it: owners are random, so unique. */
    private static List<Boolean> stillOwned(RowSet<Row> rows, List<UUID> owners) {
        Set<UUID> returned = new HashSet<>();
        for (Row row : rows) {
            returned.add(row.getUUID("owner"));
        }
        return owners.stream().map(returned::contains).toList();
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
