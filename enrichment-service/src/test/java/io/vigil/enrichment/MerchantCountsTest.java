package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.Verdict;
import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.WalletHistory;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A merchant's 30-day counts, taken from its settled part (kept per minute) and the minutes at both ends of
 * the window, are exactly what counting the window row by row gives: when the settled part is counted,
 * when it is reused, after a transaction arrives late into it and after a label changes it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class MerchantCountsTest {

    private static final String MERCHANT = "m-counted";

    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    @Inject
    HistoryRepository history;

    @Inject
    HistoryCommandService commands;

    @Inject
    CircuitBreakerMaintenance breakers;

    @InjectWireMock
    WireMockServer mlEngine;

    private Api api;
    private String tenant;
    private final Instant minute = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);

    @BeforeEach
    void setUp() {
        api = new Api(json);
        tenant = "t-" + UUID.randomUUID();
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
    }

    @Test
    void theCountsOfEveryMomentOfAMinuteMatchTheWindowCountedRowByRow() {
        Instant t = minute.plusSeconds(30);
        Instant monthAgo = t.minus(FeatureCalculator.WINDOW_30D);
        decide("c-1", monthAgo.minusSeconds(10));
        decide("c-2", monthAgo);
        decide("c-3", monthAgo.plusSeconds(10));
        decide("c-4", minute.minusSeconds(60));
        decide("c-5", minute);
        decide("c-6", minute.plusSeconds(10));
        decide("c-7", t);

        for (Instant at : List.of(minute, minute.plusSeconds(5), minute.plusSeconds(10), t, minute.plusSeconds(59),
                minute.plusSeconds(60), minute.minusSeconds(1))) {
            long expected = countedRowByRow(at);
            assertEquals(expected, snapshot(at).merchantCount30d(), "at " + at + ", the settled part counted or kept");
            assertEquals(expected, snapshot(at).merchantCount30d(), "at " + at + ", the settled part kept");
        }
        assertEquals(5, snapshot(t).merchantCount30d(), "c-2 .. c-6: from T - 30 days, strictly before T");
    }

    @Test
    void aTransactionArrivingAfterItsMinuteIsCountedAtOnce() {
        decide("l-1", minute.minusSeconds(120));
        Instant t = minute.plusSeconds(30);
        assertEquals(1, snapshot(t).merchantCount30d());

        decide("l-2", minute.minusSeconds(20));

        assertEquals(2, snapshot(t).merchantCount30d(), "l-2 belongs to the settled part kept for t's minute");
        assertEquals(countedRowByRow(t), snapshot(t).merchantCount30d());
    }

    @Test
    void aFraudLabelIsCountedAtOnce() {
        decide("f-1", minute.minusSeconds(120));
        decide("f-2", minute.minusSeconds(90));
        Instant t = minute.plusSeconds(30);
        assertEquals(0, snapshot(t).merchantFraud30d());

        HistoryCommand label = new HistoryCommand("f-1:history.label", "f-1", HistoryCommand.Type.LABEL, tenant,
                "f-1", "w-f-1", Verdict.FRAUD);
        assertTrue(commands.handle(label, null).await().atMost(Duration.ofSeconds(30)).success());

        WalletHistory after = snapshot(t);
        assertEquals(1, after.merchantFraud30d(), "f-1 is FRAUD now");
        assertEquals(2, after.merchantCount30d());
    }

    @Test
    void aLabelAnotherInstanceGaveTheWindowsLeavingEndCannotMakeTheCountsNegative() {
        Instant t = minute.plusSeconds(30);
        decide("x-1", minute.minus(FeatureCalculator.WINDOW_30D).plusSeconds(10));
        assertEquals(0, snapshot(t).merchantCount30d(), "x-1 left the window 20 s before t");

        // as another instance labels it: the settled part kept here still counts x-1 as not fraud
        pool.preparedQuery("UPDATE wallet_transaction SET label = 'FRAUD' WHERE tenant = $1 AND transaction_id = $2")
                .execute(Tuple.of(tenant, "x-1")).await().atMost(Duration.ofSeconds(30));

        WalletHistory after = snapshot(t);
        assertEquals(0, after.merchantFraud30d());
        assertEquals(0, after.merchantCount30d());
    }

    private void decide(String id, Instant at) {
        api.decide(Tx.of(tenant, "w-" + id, id, at).merchant(MERCHANT).build());
    }

    private WalletHistory snapshot(Instant at) {
        return history.snapshot(tenant, "w-probe", at, "d-probe", "FR", MERCHANT)
                .await().atMost(Duration.ofSeconds(30));
    }

    private long countedRowByRow(Instant at) {
        Row row = pool.preparedQuery("SELECT count(*) FROM wallet_transaction WHERE tenant = $1 AND merchant_id = $2"
                        + " AND occurred_at >= $3 AND occurred_at < $4 AND counted")
                .execute(Tuple.of(tenant, MERCHANT, at.minus(FeatureCalculator.WINDOW_30D).atOffset(ZoneOffset.UTC),
                        at.atOffset(ZoneOffset.UTC)))
                .await().atMost(Duration.ofSeconds(30))
                .iterator().next();
        return row.getLong(0);
    }
}
