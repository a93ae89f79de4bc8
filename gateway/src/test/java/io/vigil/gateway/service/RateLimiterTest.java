package io.vigil.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.model.Caller;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests of the bucket map: tier choice, exhaustion and eviction of refilled buckets only. */
class RateLimiterTest {

    private static final Caller ALICE = new Caller("acme", "alice", "small", "c");
    private static final Caller BOB = new Caller("acme", "bob", "small", "c");

    @Test
    void aClientIsRefusedOnceItsBucketIsEmptyAndOthersAreNot() {
        RateLimiter limiter = new RateLimiter(config("small", Map.of("small", tier(3, 1))));

        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire(ALICE).allowed());
        }
        RateLimiter.Verdict refused = limiter.tryAcquire(ALICE);

        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(1, refused.retryAfterSeconds());
        assertTrue(limiter.tryAcquire(BOB).allowed());
    }

    @Test
    void sameSubjectInAnotherTenantHasItsOwnBucket() {
        RateLimiter limiter = new RateLimiter(config("small", Map.of("small", tier(1, 1))));

        assertTrue(limiter.tryAcquire(ALICE).allowed());
        assertTrue(limiter.tryAcquire(new Caller("globex", "alice", "small", "c")).allowed());
    }

    @Test
    void evictionDropsOnlyBucketsThatHaveRefilled() throws Exception {
        RateLimiter limiter = new RateLimiter(config("small", Map.of("small", tier(1000, 1000))));
        limiter.tryAcquire(ALICE);
        RateLimiter busy = new RateLimiter(config("small", Map.of("small", tier(1000, 1))));
        for (int i = 0; i < 100; i++) {
            busy.tryAcquire(ALICE);
        }
        // 1000 tokens per second refill one token in a millisecond; the busy bucket needs 100 s.
        Thread.sleep(20);

        limiter.evictRefilled();
        busy.evictRefilled();

        assertEquals(0, limiter.trackedClients());
        assertEquals(1, busy.trackedClients());
    }

    @Test
    void aDefaultTierThatIsNotConfiguredFailsAtStartup() {
        assertThrows(IllegalStateException.class, () -> new RateLimiter(config("missing", Map.of("small", tier(1, 1)))));
    }

    private static GatewayConfig.Tier tier(long capacity, long refill) {
        return new GatewayConfig.Tier() {
            public long capacity() {
                return capacity;
            }

            public long refillPerSecond() {
                return refill;
            }
        };
    }

    private static GatewayConfig config(String defaultTier, Map<String, GatewayConfig.Tier> tiers) {
        GatewayConfig.RateLimit rateLimit = new GatewayConfig.RateLimit() {
            public String tierClaim() {
                return "tier";
            }

            public String defaultTier() {
                return defaultTier;
            }

            public Duration evictionEvery() {
                return Duration.ofMinutes(1);
            }

            public Map<String, GatewayConfig.Tier> tiers() {
                return tiers;
            }
        };
        return new GatewayConfig() {
            public RateLimit rateLimit() {
                return rateLimit;
            }

            public Transactions transactions() {
                throw new UnsupportedOperationException();
            }

            public Upstream upstream() {
                throw new UnsupportedOperationException();
            }

            public Bench bench() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
