package io.vigil.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

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
         * Transactions this gateway scores at once; beyond, a submission is refused with 503 before it
         * costs anything. Sized above the enrichment bulkhead's running slots so that normal bursts pass.
         */
        @WithDefault("64")
        int maxInFlight();
    }

    interface Upstream {
        /** Retry-After sent with 503 when an upstream is shedding load, timing out or behind an open circuit. */
        @WithDefault("2s")
        Duration retryAfter();
    }
}
