package io.vigil.enrichment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionResponse;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.features.RuleScorer;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class MlEngineFailureTest {

    private static final int SLOW_MS = 8_000;

    @Inject
    ObjectMapper json;

    @Inject
    CircuitBreakerMaintenance breakers;

    @InjectWireMock
    WireMockServer mlEngine;

    private Api api;
    private String tenant;
    private final Instant t0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void setUp() {
        api = new Api(json);
        tenant = "t-" + UUID.randomUUID();
        mlEngine.resetAll();
        breakers.resetAll();
    }

    @AfterEach
    void healthyAgain() {
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
    }

    @Test
    void serverErrorsAreRetriedOnceThenTheRulesDecide() {
        mlEngine.stubFor(post(urlEqualTo("/v1/score")).willReturn(aResponse().withStatus(503)));

        DecisionResponse r = api.decide(Tx.of(tenant, "w-500", "e-1", t0).mcc("7995").build());

        assertTrue(r.degraded());
        assertEquals(RuleScorer.VERSION, r.modelVersion());
        assertEquals("RULE_RISKY_MCC", r.reasons().get(0).code(), "the rules' reasons, gambling MCC");
        assertEquals(Decision.APPROVE, r.decision());
        mlEngine.verify(2, postRequestedFor(urlEqualTo("/v1/score")));
    }

    @Test
    void aSlowMlEngineIsCutAtTheTimeoutAndNotRetried() {
        mlEngine.stubFor(post(urlEqualTo("/v1/score"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(SLOW_MS)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"score\":0.1,\"decision\":\"APPROVE\",\"reasons\":[],\"modelVersion\":\"late\"}")));

        DecisionResponse r = api.decide(Tx.of(tenant, "w-slow", "e-2", t0).build());

        assertTrue(r.degraded());
        assertEquals(RuleScorer.VERSION, r.modelVersion());
        assertTrue(r.latencyMs() < SLOW_MS, "answered before ml-engine would have, in " + r.latencyMs() + " ms");
        mlEngine.verify(1, postRequestedFor(urlEqualTo("/v1/score")));
    }

    @Test
    void aResetConnectionFallsBackToTheRules() {
        mlEngine.stubFor(post(urlEqualTo("/v1/score")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        DecisionResponse r = api.decide(Tx.of(tenant, "w-reset", "e-3", t0).build());

        assertTrue(r.degraded());
        assertEquals(RuleScorer.VERSION, r.modelVersion());
    }

    /**
     * The circuit judges many calls (its production window), so a burst of failures, or a stall that cuts
     * every call in flight, leaves it closed: only the calls that failed went to the rules.
     */
    @Test
    void aBurstOfFailuresFarShorterThanTheCircuitsWindowLeavesItClosed() {
        mlEngine.stubFor(post(urlEqualTo("/v1/score")).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 25; i++) {
            assertTrue(api.decide(Tx.of(tenant, "w-burst", "burst-" + i, t0.plusSeconds(i)).build()).degraded());
        }
        MlEngineWireMock.healthy(mlEngine);

        DecisionResponse next = api.decide(Tx.of(tenant, "w-burst", "after-burst", t0.plusSeconds(30)).build());

        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState("ml-engine"));
        assertFalse(next.degraded(), "the model decides again at once");
        assertEquals(MlEngineWireMock.MODEL, next.modelVersion());
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_enrichment_fallbacks_total"))
                .body(containsString("vigil_enrichment_decisions_total{decision=\"APPROVE\",degraded=\"true\"}"))
                .body(containsString("ft_circuitbreaker"));
    }
}
