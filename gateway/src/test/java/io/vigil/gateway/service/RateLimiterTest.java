package io.vigil.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.model.Caller;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Unit tests of the bucket map: tier choice, exhaustion, replicas' shares and eviction of refilled buckets only. */
class RateLimiterTest {

    private static final Caller ALICE = new Caller("acme", "alice", "small", "c");
    private static final Caller BOB = new Caller("acme", "bob", "small", "c");

    @Test
    void aClientIsRefusedOnceItsBucketIsEmptyAndOthersAreNot() {
        RateLimiter limiter = new RateLimiter(config("small", Map.of("small", tier(3, 1))), replicas(1));

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
        RateLimiter limiter = new RateLimiter(config("small", Map.of("small", tier(1, 1))), replicas(1));

        assertTrue(limiter.tryAcquire(ALICE).allowed());
        assertTrue(limiter.tryAcquire(new Caller("globex", "alice", "small", "c")).allowed());
    }

    @Test
    void evictionDropsOnlyBucketsThatHaveRefilled() throws Exception {
        RateLimiter limiter = new RateLimiter(config("small", Map.of("small", tier(1000, 1000))), replicas(1));
        limiter.tryAcquire(ALICE);
        RateLimiter busy = new RateLimiter(config("small", Map.of("small", tier(1000, 1))), replicas(1));
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
    void threeReplicasEachHoldAClientToAThirdOfItsBurstRoundedUpAndReportTheWholeTier() {
        RateLimiter limiter = new RateLimiter(config("small", Map.of("small", tier(10, 1))), replicas(3));

        for (int i = 0; i < 4; i++) {
            RateLimiter.Verdict allowed = limiter.tryAcquire(ALICE);
            assertTrue(allowed.allowed(), "request " + i);
            assertEquals(10, allowed.limit());
            assertEquals(Math.min(10, (3 - i) * 3), allowed.remaining());
        }
        RateLimiter.Verdict refused = limiter.tryAcquire(ALICE);

        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(3, refused.retryAfterSeconds(), "a third of one token per second");
    }

    @Test
    void aClientsBucketFollowsTheReplicaCountWhenItChanges() {
        int[] resolved = {1};
        GatewayReplicas replicas = new GatewayReplicas(Optional.of("gateway-peers"), name -> resolved[0]);
        replicas.refresh();
        RateLimiter limiter = new RateLimiter(config("small", Map.of("small", tier(4, 1))), replicas);
        for (int i = 0; i < 4; i++) {
            assertTrue(limiter.tryAcquire(ALICE).allowed());
        }
        assertFalse(limiter.tryAcquire(ALICE).allowed());

        resolved[0] = 2;
        replicas.refresh();

        assertTrue(limiter.tryAcquire(ALICE).allowed());
        assertTrue(limiter.tryAcquire(ALICE).allowed());
        assertFalse(limiter.tryAcquire(ALICE).allowed(), "half of the burst of 4 on each of 2 replicas");
    }

    @Test
    void aFailedLookUpKeepsTheLastReplicaCount() {
        boolean[] fail = {false};
        GatewayReplicas replicas = new GatewayReplicas(Optional.of("gateway-peers"), name -> {
            if (fail[0]) {
                throw new UnknownHostException(name);
            }
            return 4;
        });
        replicas.refresh();
        fail[0] = true;
        replicas.refresh();

        assertEquals(4, replicas.count());
        assertEquals(1, new GatewayReplicas(Optional.empty(), name -> 4).count(), "no peers configured");
    }

    @Test
    void aDefaultTierThatIsNotConfiguredFailsAtStartup() {
        assertThrows(IllegalStateException.class,
                () -> new RateLimiter(config("missing", Map.of("small", tier(1, 1))), replicas(1)));
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

    private static GatewayReplicas replicas(int count) {
        GatewayReplicas replicas = new GatewayReplicas(Optional.of("gateway-peers"), name -> count);
        replicas.refresh();
        return replicas;
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

            public Optional<String> peers() {
                return Optional.empty();
            }

            public Duration peersRefresh() {
                return Duration.ofSeconds(10);
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
