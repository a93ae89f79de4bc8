package io.vigil.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.gateway.model.IdempotencyRecord;
import io.vigil.gateway.model.StoredResponse;
import io.vigil.gateway.repository.IdempotencyRepository;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamsResource.class)
class IdempotencyRepositoryTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    IdempotencyRepository repository;

    @Inject
    Pool pool;

    @Test
    void aKeyIsClaimedOnceThenCompletedForReplay() {
        String key = UUID.randomUUID().toString();
        UUID owner = repository.claim("acme", key, "h1", LEASE, WINDOW).await().atMost(TIMEOUT);

        assertNotNull(owner);
        assertNull(repository.claim("acme", key, "h1", LEASE, WINDOW).await().atMost(TIMEOUT));
        assertTrue(repository.complete("acme", key, owner, new StoredResponse(200, "{}")).await().atMost(TIMEOUT));

        IdempotencyRecord stored = repository.find("acme", key).await().atMost(TIMEOUT);
        assertEquals(IdempotencyRecord.State.COMPLETED, stored.state());
        assertEquals(new StoredResponse(200, "{}"), stored.response());
    }

    @Test
    void anInProgressKeyWhoseLeaseRanOutIsTakenOverAndTheOldOwnerIsFencedOff() {
        String key = UUID.randomUUID().toString();
        UUID crashed = repository.claim("acme", key, "h1", Duration.ZERO, WINDOW).await().atMost(TIMEOUT);

        UUID successor = repository.claim("acme", key, "h1", LEASE, WINDOW).await().atMost(TIMEOUT);

        assertNotNull(successor);
        assertFalse(repository.complete("acme", key, crashed, new StoredResponse(200, "{}")).await().atMost(TIMEOUT));
        assertTrue(repository.complete("acme", key, successor, new StoredResponse(200, "{}")).await().atMost(TIMEOUT));
    }

    @Test
    void purgeDeletesExpiredKeysOnly() {
        String expired = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        repository.claim("acme", expired, "h", LEASE, WINDOW).await().atMost(TIMEOUT);
        repository.claim("acme", live, "h", LEASE, WINDOW).await().atMost(TIMEOUT);
        pool.preparedQuery("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = $1")
                .execute(Tuple.of(expired)).await().atMost(TIMEOUT);

        int purged = repository.purgeExpired().await().atMost(TIMEOUT);

        assertTrue(purged >= 1);
        assertEquals(0, count(expired));
        assertEquals(1, count(live));
    }

    @Test
    void anExpiredKeyCanBeUsedAgain() {
        String key = UUID.randomUUID().toString();
        UUID first = repository.claim("acme", key, "h1", LEASE, Duration.ZERO).await().atMost(TIMEOUT);
        repository.complete("acme", key, first, new StoredResponse(200, "{}")).await().atMost(TIMEOUT);

        assertNull(repository.find("acme", key).await().atMost(TIMEOUT));
        assertNotNull(repository.claim("acme", key, "h2", LEASE, WINDOW).await().atMost(TIMEOUT));
    }

    private long count(String key) {
        return pool.preparedQuery("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = $1")
                .execute(Tuple.of(key)).await().atMost(TIMEOUT).iterator().next().getLong(0);
    }
}
