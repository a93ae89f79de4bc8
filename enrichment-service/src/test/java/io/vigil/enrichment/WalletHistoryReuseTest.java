package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.Verdict;
import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.features.HistoryEvent;
import io.vigil.features.WalletHistory;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A wallet's history, read whole once and then kept for the part before its minute, answers the next
 * snapshots as reading it whole would: with the rows since, with values last seen before its 30 days, and
 * after a late transaction, a label or a void changed the part kept. FeatureParityTest covers a long random
 * stream; these are the edges it may not reach.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class WalletHistoryReuseTest {

    private static final String WALLET = "w-reused";

    @Inject
    ObjectMapper json;

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
    void aNewWalletsNextSnapshotsSeeTheRowsSinceItWasRead() {
        Instant t = minute.plusSeconds(10);
        assertNull(snapshot(t, "d-1", "FR", "m-1").firstSeenAt(), "read whole: nothing yet");

        decide("n-1", t.plusSeconds(1), "d-1", "FR", "m-1");
        WalletHistory after = snapshot(t.plusSeconds(2), "d-1", "FR", "m-1");
        WalletHistory otherPayment = snapshot(t.plusSeconds(2), "d-2", "DE", "m-2");

        assertEquals(t.plusSeconds(1), after.firstSeenAt());
        assertEquals(1, after.recent().size());
        assertTrue(after.deviceSeen() && after.countrySeen() && after.merchantSeen());
        assertFalse(otherPayment.deviceSeen() || otherPayment.countrySeen() || otherPayment.merchantSeen());
        assertNull(snapshot(t.plusSeconds(1), "d-1", "FR", "m-1").firstSeenAt(), "strictly before T");
    }

    @Test
    void valuesLastSeenBeforeTheKeptMonthAreStillSeen() {
        // o-2's snapshot reads the 30 days before its minute and keeps them: o-1 is not among them
        decide("o-1", minute.minus(Duration.ofDays(45)), "d-old", "DE", "m-old");
        decide("o-2", minute.minus(Duration.ofDays(10)), "d-1", "FR", "m-1");
        Instant t = minute.plusSeconds(10);
        snapshot(t, "d-1", "FR", "m-1");

        WalletHistory old = snapshot(t.plusSeconds(5), "d-old", "DE", "m-old");
        WalletHistory unseen = snapshot(t.plusSeconds(5), "d-new", "ES", "m-new");

        assertTrue(old.deviceSeen() && old.countrySeen() && old.merchantSeen(), "seen 45 days ago");
        assertFalse(unseen.deviceSeen() || unseen.countrySeen() || unseen.merchantSeen());
        assertEquals(minute.minus(Duration.ofDays(45)), old.firstSeenAt());
        assertEquals(1, old.recent().size(), "only o-2 is within 30 days");
    }

    @Test
    void aLateTransactionALabelAndAVoidAreInTheNextSnapshot() {
        decide("c-1", minute.minusSeconds(300), "d-1", "FR", "m-1");
        decide("c-2", minute.minusSeconds(200), "d-1", "FR", "m-1");
        Instant t = minute.plusSeconds(30);
        assertEquals(2, snapshot(t, "d-1", "FR", "m-1").recent().size());

        // kept from c-1's minute on: c-late arrives before it
        decide("c-late", minute.minusSeconds(360), "d-late", "FR", "m-1");
        WalletHistory late = snapshot(t.plusSeconds(1), "d-late", "FR", "m-1");
        assertEquals(3, late.recent().size(), "c-late belongs to the part kept");
        assertTrue(late.deviceSeen());

        command("c-1", HistoryCommand.Type.LABEL, Verdict.FRAUD);
        assertEquals(1, snapshot(t.plusSeconds(2), "d-1", "FR", "m-1").recent().stream()
                .filter(HistoryEvent::fraud).count(), "c-1 is FRAUD now");

        command("c-late", HistoryCommand.Type.VOID, null);
        WalletHistory voided = snapshot(t.plusSeconds(3), "d-late", "FR", "m-1");
        assertEquals(2, voided.recent().size(), "a voided transaction no longer counts");
        assertFalse(voided.deviceSeen(), "d-late was only on the voided transaction");
    }

    private void decide(String id, Instant at, String device, String country, String merchant) {
        api.decide(Tx.of(tenant, WALLET, id, at).device(device).country(country).merchant(merchant).build());
    }

    private WalletHistory snapshot(Instant at, String device, String country, String merchant) {
        return history.snapshot(tenant, WALLET, at, device, country, merchant).await().atMost(Duration.ofSeconds(30));
    }

    private void command(String id, HistoryCommand.Type type, Verdict label) {
        HistoryCommand command = new HistoryCommand(id + ":" + type, id, type, tenant, id, WALLET, label);
        assertTrue(commands.handle(command, null).await().atMost(Duration.ofSeconds(30)).success());
    }
}
