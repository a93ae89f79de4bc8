package io.vigil.saga.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vigil.contracts.Decision;
import java.time.Duration;

/** Tunables of the orchestrator, under {@code vigil.saga}. */
@ConfigMapping(prefix = "vigil.saga")
public interface SagaConfig {

    Participant participant();

    Review review();

    Sweep sweep();

    Outbox outbox();

    Inbound inbound();

    /** Waiting for a participant reply: first wait, growth, cap, jitter and attempts before giving up. */
    interface Participant {
        @WithDefault("PT10S")
        Duration replyTimeout();

        @WithDefault("5")
        int maxAttempts();

        @WithDefault("2.0")
        double backoffMultiplier();

        @WithDefault("PT5M")
        Duration maxBackoff();

        /** Fraction of spread around each wait, in [0, 1). */
        @WithDefault("0.2")
        double jitter();
    }

    /** REVIEW cases: how long an analyst has, and what the policy decides when nobody answered. */
    interface Review {
        @WithDefault("PT24H")
        Duration timeout();

        @WithDefault("DECLINE")
        Decision timeoutDecision();
    }

    /** The recovery sweep re-arms deadlines (late replies, compensation retries, case timeouts). */
    interface Sweep {
        @WithDefault("1s")
        String interval();

        @WithDefault("200")
        int batchSize();

        @WithDefault("15s")
        String gaugeInterval();
    }

    interface Outbox {
        @WithDefault("1s")
        String interval();

        @WithDefault("500")
        int batchSize();

        /** Rows marked sent by a version before the relay deleted what it published are purged after this. */
        @WithDefault("P3D")
        Duration retention();
    }

    interface Inbound {
        /** Attempts at processing one record before it goes to the dead-letter topic. */
        @WithDefault("6")
        int maxAttempts();

        /**
         * How long consumed message ids are remembered; must exceed the topics' retention so a replay
         * from the earliest offset still finds them.
         */
        @WithDefault("P8D")
        Duration processedRetention();
    }
}
