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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamsResource.class)
class IdempotencyRepositoryTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final StoredResponse OK = new StoredResponse(200, "{}");

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
        assertTrue(repository.complete("acme", key, owner, "h1", WINDOW, OK).await().atMost(TIMEOUT));

        IdempotencyRecord stored = repository.find("acme", key).await().atMost(TIMEOUT);
        assertEquals(IdempotencyRecord.State.COMPLETED, stored.state());
        assertEquals(OK, stored.response());
    }

    @Test
    void anInProgressKeyWhoseLeaseRanOutIsTakenOverAndTheOldOwnerIsFencedOff() {
        String key = UUID.randomUUID().toString();
        UUID crashed = repository.claim("acme", key, "h1", Duration.ZERO, WINDOW).await().atMost(TIMEOUT);

        UUID successor = repository.claim("acme", key, "h1", LEASE, WINDOW).await().atMost(TIMEOUT);

        assertNotNull(successor);
        assertFalse(repository.complete("acme", key, crashed, "h1", WINDOW, OK).await().atMost(TIMEOUT));
        assertTrue(repository.complete("acme", key, successor, "h1", WINDOW, OK).await().atMost(TIMEOUT));
    }

    @Test
    void ofConcurrentClaimsOfOneKeyExactlyOneWinsWhileClaimsOfDifferentKeysAllDo() throws Exception {
        String shared = UUID.randomUUID().toString();

        List<UUID> sameKey = Concurrently.call(16, () -> repository.claim("acme", shared, "h1", LEASE, WINDOW)
                .await().atMost(TIMEOUT));
        List<UUID> ownKeys = Concurrently.call(16, () -> repository.claim("acme", UUID.randomUUID().toString(), "h1",
                LEASE, WINDOW).await().atMost(TIMEOUT));

        assertEquals(1, sameKey.stream().filter(Objects::nonNull).count());
        assertTrue(ownKeys.stream().allMatch(Objects::nonNull));
        assertEquals(16, new HashSet<>(ownKeys).size());
    }

    @Test
    void aKeyThatVanishedBeforeItsRequestCompletedIsStoredWithThatRequestsAnswer() {
        String key = UUID.randomUUID().toString();
        String hash = "c0ffee".repeat(10) + "c0ff";
        UUID owner = repository.claim("acme", key, hash, LEASE, WINDOW).await().atMost(TIMEOUT);
        pool.preparedQuery("DELETE FROM idempotency_keys WHERE idempotency_key = $1")
                .execute(Tuple.of(key)).await().atMost(TIMEOUT);

        assertTrue(repository.complete("acme", key, owner, hash, WINDOW, OK).await().atMost(TIMEOUT));

        IdempotencyRecord stored = repository.find("acme", key).await().atMost(TIMEOUT);
        assertEquals(IdempotencyRecord.State.COMPLETED, stored.state());
        assertEquals(hash, stored.requestHash());
        assertEquals(OK, stored.response());
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
        repository.complete("acme", key, first, "h1", Duration.ZERO, OK).await().atMost(TIMEOUT);

        assertNull(repository.find("acme", key).await().atMost(TIMEOUT));
        assertNotNull(repository.claim("acme", key, "h2", LEASE, WINDOW).await().atMost(TIMEOUT));
    }

    private long count(String key) {
        return pool.preparedQuery("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = $1")
                .execute(Tuple.of(key)).await().atMost(TIMEOUT).iterator().next().getLong(0);
    }
}
