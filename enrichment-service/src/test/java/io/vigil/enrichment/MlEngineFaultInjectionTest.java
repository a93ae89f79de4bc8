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

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.enrichment.client.MlEngineClient;
import io.vigil.enrichment.model.Scoring;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.features.RuleScorer;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way ml-engine can misbehave, injected with WireMock against the real {@link MlEngineClient}:
 * each ends in a degraded rules decision, counted as a fallback and under its outcome. A small profile (circuit over 10
 * calls, 1 s open, bulkhead of 2 plus 1 waiting) keeps the breaker and bulkhead cases quick.
 */
@QuarkusTest
@TestProfile(MlEngineFaultInjectionTest.SmallBudgets.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class MlEngineFaultInjectionTest {

    private static final String SCORE = "/v1/score";
    private static final String KEY = "quarkus.fault-tolerance.\"io.vigil.enrichment.client.MlEngineClient/score\".";

    public static class SmallBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.rest-client.ml-engine.read-timeout", "3000",
                    KEY + "circuit-breaker.request-volume-threshold", "10",
                    KEY + "circuit-breaker.delay", "1000",
                    KEY + "bulkhead.value", "2",
                    KEY + "bulkhead.waiting-task-queue", "1");
        }
    }

    @Inject
    MlEngineClient client;

    @Inject
    MeterRegistry registry;

    @Inject
    CircuitBreakerMaintenance breakers;

    @InjectWireMock
    WireMockServer mlEngine;

    @BeforeEach
    void reset() {
        mlEngine.resetAll();
        breakers.resetAll();
    }

    @AfterEach
    void healthyAgain() {
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
    }

    @Test
    void aBurstOf500IsRetriedOnceThenTheRulesDecide() {
        mlEngine.stubFor(post(urlEqualTo(SCORE)).willReturn(aResponse().withStatus(500)));

        assertDegradedAndCounted("http_error", () -> score("burst-500"));

        mlEngine.verify(2, postRequestedFor(urlEqualTo(SCORE)));
    }

    @Test
    void aSlowAnswerPastTheTimeoutIsCutAndNotRetried() {
        mlEngine.stubFor(post(urlEqualTo(SCORE)).willReturn(json("{\"score\":0.1,\"decision\":\"APPROVE\","
                + "\"reasons\":[],\"modelVersion\":\"late\"}").withFixedDelay(6_000)));

        assertDegradedAndCounted("timeout", () -> score("slow"));

        mlEngine.verify(1, postRequestedFor(urlEqualTo(SCORE)));
    }

    @Test
    void aResetConnectionIsRetriedOnceThenTheRulesDecide() {
        mlEngine.stubFor(post(urlEqualTo(SCORE)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertDegradedAndCounted("io_error", () -> score("reset"));

        mlEngine.verify(2, postRequestedFor(urlEqualTo(SCORE)));
    }

    @Test
    void aMalformedBodyFallsBackToTheRules() {
        mlEngine.stubFor(post(urlEqualTo(SCORE)).willReturn(json("{\"score\":0.1,\"decision\":")));

        assertDegradedAndCounted(null, () -> score("malformed"));
    }

    @Test
    void aWrongContentTypeFallsBackToTheRules() {
        mlEngine.stubFor(post(urlEqualTo(SCORE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>")));

        assertDegradedAndCounted(null, () -> score("html"));
    }

    @Test
    void theCircuitOpensStopsCallingAndClosesAgainOnRecovery() {
        mlEngine.stubFor(post(urlEqualTo(SCORE)).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 20 && breakers.currentState("ml-engine") != CircuitBreakerState.OPEN; i++) {
            assertTrue(score("cb-" + i).degraded());
        }
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState("ml-engine"));
        int sent = mlEngine.getAllServeEvents().size();

        assertDegradedAndCounted("circuit_open", () -> score("cb-open"));
        assertEquals(sent, mlEngine.getAllServeEvents().size(), "an open circuit sends nothing to ml-engine");
        assertTrue(counter("ft.circuitbreaker.opened.total", Map.of()) >= 1);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_enrichment_ml_calls_total{outcome=\"circuit_open\"}"))
                .body(containsString("ft_circuitbreaker_opened_total"));

        MlEngineWireMock.healthy(mlEngine);
        Scoring recovered = scoreUntilNotDegraded();
        assertEquals(MlEngineWireMock.MODEL, recovered.result().modelVersion());
        assertEquals(CircuitBreakerState.HALF_OPEN, breakers.currentState("ml-engine"));
        assertFalse(score("cb-closing").degraded());
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState("ml-engine"));
    }

    @Test
    void theBulkheadRejectsCallsBeyondItsSizeAndQueue() {
        mlEngine.stubFor(post(urlEqualTo(SCORE)).willReturn(json("{\"score\":0.1,\"decision\":\"APPROVE\","
                + "\"reasons\":[],\"modelVersion\":\"" + MlEngineWireMock.MODEL + "\"}").withFixedDelay(500)));
        double rejectedBefore = counter("vigil.enrichment.ml.calls", Map.of("outcome", "rejected"));

        List<Scoring> all = Uni.join()
                .all(IntStream.range(0, 8).mapToObj(i -> client.score(enriched("bh-" + i))).toList())
                .andFailFast()
                .await().atMost(Duration.ofSeconds(60));

        long served = all.stream().filter(scoring -> !scoring.degraded()).count();
        double rejected = counter("vigil.enrichment.ml.calls", Map.of("outcome", "rejected")) - rejectedBefore;
        assertTrue(served >= 2, "the 2 calls the bulkhead runs are answered by ml-engine, got " + served);
        assertTrue(rejected >= 5, "at most 2 running and 1 waiting, the rest rejected to the rules: " + rejected);
        assertTrue(counter("ft.bulkhead.calls.total", Map.of("bulkheadResult", "rejected")) >= rejected);
    }

    private Scoring scoreUntilNotDegraded() {
        for (int attempt = 0; attempt < 200; attempt++) {
            Scoring scoring = score("cb-recover-" + attempt);
            if (!scoring.degraded()) {
                return scoring;
            }
            sleep(100);
        }
        throw new AssertionError("the circuit never let a call through again");
    }

    /** The rules decided and one fallback was counted, under {@code outcome} when given. */
    private void assertDegradedAndCounted(String outcome, Supplier<Scoring> call) {
        Map<String, String> tags = outcome == null ? Map.of() : Map.of("outcome", outcome);
        double outcomes = counter("vigil.enrichment.ml.calls", tags);
        double fallbacks = counter("vigil.enrichment.fallbacks", Map.of());

        Scoring scoring = call.get();

        assertTrue(scoring.degraded(), "the rules decided");
        assertEquals(RuleScorer.VERSION, scoring.result().modelVersion());
        assertEquals(1.0, counter("vigil.enrichment.ml.calls", tags) - outcomes);
        assertEquals(1.0, counter("vigil.enrichment.fallbacks", Map.of()) - fallbacks);
    }

    private double counter(String name, Map<String, String> tags) {
        var search = registry.find(name);
        for (var tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    private Scoring score(String id) {
        return client.score(enriched(id)).await().atMost(Duration.ofSeconds(30));
    }

    private static EnrichedTransaction enriched(String id) {
        Features features = new Features(10.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, true, true, true, 0, 0, 0, 0,
                12);
        return new EnrichedTransaction(Tx.of("fault-tenant", "w-" + id, id, Instant.now().minusSeconds(60)).build(),
                features);
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
