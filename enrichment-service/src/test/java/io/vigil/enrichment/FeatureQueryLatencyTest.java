package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.service.FeatureService;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Measures the snapshot query (one round trip) and prints the figures; no timing is asserted. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class FeatureQueryLatencyTest {

    private static final int HISTORY = 200;
    private static final int WARMUP = 500;
    private static final int QUERIES = 3_000;

    @Inject
    FeatureService features;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @Test
    void measuresTheFeatureQueryOverABusyWallet() {
        String tenant = "lat-" + UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofDays(29)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < HISTORY; i++) {
            pool.preparedQuery("INSERT INTO wallet_transaction (tenant, transaction_id, wallet_id, occurred_at, amount,"
                            + " currency, reference_amount, merchant_id, channel, country, device_id, decision, score,"
                            + " model_version, degraded, response) VALUES ($1, $2, 'w-busy', $3, 12.5, 'EUR', 12.5, $4,"
                            + " 'ECOM', 'FR', $5, 'APPROVE', 0.1, 'm', false, '{}')")
                    .execute(Tuple.of(tenant, "h-" + i, start.plus(Duration.ofHours(3L * i)).atOffset(java.time.ZoneOffset.UTC),
                            "m-" + (i % 17), "d-" + (i % 3)))
                    .await().indefinitely();
        }
        Transaction probe = Tx.of(tenant, "w-busy", "probe", Instant.now()).device("d-1").merchant("m-3").build();
        assertEquals(HISTORY, features.featuresOf(probe, probe.amount()).await().indefinitely().count7d()
                + countOlderThan7Days(start));

        for (int i = 0; i < WARMUP; i++) {
            features.featuresOf(probe, probe.amount()).await().indefinitely();
        }
        long[] micros = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            long t = System.nanoTime();
            features.featuresOf(probe, probe.amount()).await().indefinitely();
            micros[i] = (System.nanoTime() - t) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT,
                "FEATURE QUERY LATENCY (%d queries, wallet with %d transactions in 30 days, one round trip):"
                        + " p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                QUERIES, HISTORY, micros[QUERIES / 2] / 1000.0, micros[QUERIES * 99 / 100] / 1000.0,
                micros[QUERIES - 1] / 1000.0);
    }

    private static int countOlderThan7Days(Instant start) {
        Instant sevenDaysAgo = Instant.now().minus(Duration.ofDays(7));
        int n = 0;
        for (int i = 0; i < HISTORY; i++) {
            if (start.plus(Duration.ofHours(3L * i)).isBefore(sevenDaysAgo)) {
                n++;
            }
        }
        return n;
    }
}
