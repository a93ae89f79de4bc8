package io.vigil.enrichment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vigil.features.ReferenceCurrency;
import io.vigil.features.Thresholds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Settings of enrichment-service under {@code vigil.enrichment}. */
@ConfigMapping(prefix = "vigil.enrichment")
public interface EnrichmentConfig {

    /** Score cut-offs the rules fallback decides with when ml-engine cannot answer. */
    ThresholdsConfig thresholds();

    /** How far in the future an occurredAt may lie (clock skew between payment systems and us). */
    @WithDefault("5M")
    Duration maxClockSkew();

    Features features();

    Currencies currency();

    Outbox outbox();

    Inbound inbound();

    Purge purge();

    Bench bench();

    /** Bench mode: {@code POST /bench/hop} relays the bare hop chain, to measure it; off in production. */
    interface Bench {
        @WithDefault("false")
        boolean enabled();
    }

    interface ThresholdsConfig {
        @WithDefault("0.5")
        double review();

        @WithDefault("0.8")
        double decline();

        default Thresholds toThresholds() {
            return new Thresholds(review(), decline());
        }
    }

    /** What each accepted currency is worth in the one features count amounts in, the model's (EUR). */
    interface Currencies {
        /**
         * Units of the reference currency one unit of each other currency is worth, by ISO 4217 code
         * ({@code rates.USD=0.86}). A transaction in a currency without a rate is refused.
         */
        Map<String, BigDecimal> rates();

        /** Codes in upper case: a rate set as an environment variable reaches the map with its key in lower case. */
        default ReferenceCurrency toReferenceCurrency() {
            Map<String, BigDecimal> byCode = new HashMap<>();
            rates().forEach((code, rate) -> {
                BigDecimal other = byCode.put(code.toUpperCase(Locale.ROOT), rate);
                if (other != null && other.compareTo(rate) != 0) {
                    throw new IllegalArgumentException("two rates for " + code.toUpperCase(Locale.ROOT) + ": "
                            + other + " and " + rate);
                }
            });
            return new ReferenceCurrency(ReferenceCurrency.MODEL_CURRENCY, byCode);
        }
    }

    interface Features {
        /**
         * How long a merchant's 30-day counts before the current minute are reused by the snapshots of
         * that minute (see SettledMerchantCounts); 0 counts them for every snapshot.
         */
        @WithDefault("1M")
        Duration merchantCountsTtl();

        /**
         * How long a wallet's history before the minute it was read in is reused by its later snapshots (see
         * SettledWalletHistory); 0 reads it whole for every snapshot.
         */
        @WithDefault("1M")
        Duration walletHistoryTtl();
    }

    interface Outbox {
        /** Period of the sweep that publishes rows the after-commit relay did not (crash, broker down). */
        @WithDefault("1s")
        String sweepInterval();

        /** The first sweep waits for start-up, so the Kafka producers are connected. */
        @WithDefault("5s")
        String sweepDelay();

        /** Rows younger than this are left to the after-commit relay, so the sweep rarely sends twice. */
        @WithDefault("2S")
        Duration minAge();

        @WithDefault("100")
        int batchSize();

        /** Acknowledged rows are deleted together, this long after the first of them; well below min-age. */
        @WithDefault("100ms")
        Duration markLinger();

        /**
         * Rows marked sent, by versions that kept published rows for diagnosis, are purged this long after;
         * unsent rows never are.
         */
        @WithDefault("P3D")
        Duration retention();
    }

    interface Inbound {
        /**
         * How long applied saga commands (id and reply) are remembered; must exceed the retention of the
         * history-commands topic (7 days, k8s/base/platform/kafka-topics.yaml) so a command replayed from
         * the earliest offset is still recognised and answered again instead of applied twice.
         */
        @WithDefault("P8D")
        Duration processedRetention();
    }

    /** The hourly purge of sent outbox rows and remembered commands. */
    interface Purge {
        /** Rows per DELETE: each chunk is a short transaction of its own, however much there is to purge. */
        @WithDefault("10000")
        int chunkSize();
    }
}
