package io.vigil.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Gateway policy knobs under {@code vigil.*}; fault-tolerance values live under {@code quarkus.fault-tolerance}. */
@ConfigMapping(prefix = "vigil")
public interface GatewayConfig {

    RateLimit rateLimit();

    Transactions transactions();

    Upstream upstream();

    Bench bench();

    /** Bench mode: {@code POST /bench/hop} relays the bare hop chain, to measure it; off in production. */
    interface Bench {
        @WithDefault("false")
        boolean enabled();
    }

    interface RateLimit {
        /** JWT claim naming the client's tier; a missing or unknown tier falls back to {@link #defaultTier()}. */
        @WithDefault("tier")
        String tierClaim();

        @WithDefault("standard")
        String defaultTier();

        /** How often buckets that have refilled completely are dropped from memory. */
        @WithDefault("1m")
        Duration evictionEvery();

        Map<String, Tier> tiers();

        /**
         * A DNS name that resolves to every ready gateway replica, e.g. a Kubernetes headless service. Each
         * replica then holds a client to its share of the tier, so replicas behind a balancer that spreads
         * requests evenly hold it to the tier together. Unset: this instance allows each client the whole tier.
         */
        Optional<String> peers();

        /** How often {@link #peers()} is resolved again (the JVM also caches a look-up for 30 s). */
        @WithDefault("10s")
        Duration peersRefresh();
    }

    interface Tier {
        /** Burst size: tokens a client may spend at once. */
        long capacity();

        /** Sustained rate: tokens added back per second, greedily. */
        long refillPerSecond();
    }

    interface Transactions {
        /** occurredAt may lie this far in the future (clock drift between payment systems and us). */
        @WithDefault("5m")
        Duration maxFutureSkew();

        /**
         * Transactions this gateway scores at once; beyond, a submission waits for a slot (see
         * {@link #maxQueueWait()}). Sized to the enrichment bulkhead's running slots.
         */
        @WithDefault("64")
        int maxInFlight();

        /**
         * Submissions that may wait for a slot at once; beyond, 503 at the door. 0: none waits. Twice the slots:
         * with them, ~190 ms of arrivals at 1,000 tx/s, so a stall up to the longest wait passes; a larger queue
         * let a generator's catch-up burst in, each arrival verified and parsed, and slowed the event loop.
         */
        @WithDefault("128")
        int maxQueued();

        /**
         * How long a submission may wait for a slot. A queue that has not emptied for this long is overload,
         * not a stall: the gateway then refuses what finds every slot taken until it has refused nothing
         * for as long again. Queued, a submission is still answered within the ~300 ms scoring budget.
         */
        @WithDefault("200ms")
        Duration maxQueueWait();
    }

    interface Upstream {
        /** Retry-After sent with 503 when an upstream is shedding load, timing out or behind an open circuit. */
        @WithDefault("2s")
        Duration retryAfter();
    }
}
