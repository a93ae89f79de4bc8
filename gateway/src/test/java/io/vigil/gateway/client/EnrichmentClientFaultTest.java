package io.vigil.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static io.vigil.gateway.client.UpstreamFaults.UPSTREAM_DELAY_MS;
import static io.vigil.gateway.client.UpstreamFaults.assertBadGateway;
import static io.vigil.gateway.client.UpstreamFaults.assertServedOrShed;
import static io.vigil.gateway.client.UpstreamFaults.assertUnavailable;
import static io.vigil.gateway.client.UpstreamFaults.circuitState;
import static io.vigil.gateway.client.UpstreamFaults.config;
import static io.vigil.gateway.client.UpstreamFaults.ft;
import static io.vigil.gateway.client.UpstreamFaults.json;
import static io.vigil.gateway.client.UpstreamFaults.problem;
import static io.vigil.gateway.client.UpstreamFaults.rejections;
import static io.vigil.gateway.client.UpstreamFaults.sleep;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vigil.gateway.Concurrently;
import io.vigil.gateway.Fixtures;
import io.vigil.gateway.Tokens;
import io.vigil.gateway.Upstreams;
import io.vigil.gateway.UpstreamsResource;
import io.vigil.gateway.client.UpstreamFaults.BadAnswer;
import io.vigil.gateway.client.UpstreamFaults.FastFailure;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way enrichment-service can misbehave, injected with WireMock behind the real gateway: the caller
 * gets a 503 problem with Retry-After when the peer is slow, failing, unreachable, saturated or cut off by
 * the circuit, a 502 when it answers something unreadable, its 4xx as is; each outcome is counted. The
 * decision is never retried by the gateway; the reads are retried once after a fast failure. Test profile:
 * timeout 3 s, bulkhead 2 running + 1 waiting, circuit opens when the last 4 calls failed, for 2 s.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class EnrichmentClientFaultTest {

    private static final String CONFIG = "quarkus.fault-tolerance.\"io.vigil.gateway.client.EnrichmentClient\".";
    private static final String DECISIONS = "/v1/decisions";
    private static final String DECIDE = "io.vigil.gateway.client.EnrichmentClient.decide";
    private static final String UPSTREAM = "enrichment-service";

    /** The idempotent reads through this client, each as the gateway serves it. */
    enum Read {
        TRANSACTION("/v1/transactions/tx-f", Fixtures.decision("tx-f", "REVIEW"), "decision.decision", "REVIEW"),
        FEATURES("/v1/wallets/w-f/features", "{\"count1h\":3}", "count1h", 3);

        final String path;
        final String healthy;
        final String field;
        final Object expected;

        Read(String path, String healthy, String field, Object expected) {
            this.path = path;
            this.healthy = healthy;
            this.field = field;
            this.expected = expected;
        }

        String method() {
            return "io.vigil.gateway.client.EnrichmentClient." + name().toLowerCase();
        }
    }


    Upstreams upstreams;

    @Inject
    MeterRegistry registry;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void setUp() {
        upstreams.reset();
        breakers.resetAll();
    }

    @AfterEach
    void closeCircuits() {
        breakers.resetAll();
    }

    @Test
    void aSlowDecisionIsCutByTheTimeoutWith503LongBeforeTheUpstreamAnswers() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .willReturn(okJson(Fixtures.decision("tx-slow", "APPROVE")).withFixedDelay(UPSTREAM_DELAY_MS)));
        double timeouts = rejections(registry, "timeout");

        long started = System.nanoTime();
        Response response = submit(UUID.randomUUID().toString(), "tx-slow");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertUnavailable(response, "did not answer in time");
        // The gateway's timeout answered, long before the upstream would have.
        assertThat(elapsedMs, lessThan((long) UPSTREAM_DELAY_MS));
        assertEquals(1.0, rejections(registry, "timeout") - timeouts);
        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void decisionsCutByTheTimeoutFreeTheirBulkheadSlotsAtOnce() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .willReturn(okJson(Fixtures.decision("tx-slot", "APPROVE")).withFixedDelay(UPSTREAM_DELAY_MS)));
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).atPriority(1)
                .withRequestBody(containing("tx-slot-answered"))
                .willReturn(okJson(Fixtures.decision("tx-slot-answered", "APPROVE"))));
        int admissible = config(CONFIG + "bulkhead.value") + config(CONFIG + "bulkhead.waiting-task-queue");
        double timeouts = rejections(registry, "timeout");

        // As many slow decisions as the bulkhead admits, one after the other, each cut long before the upstream
        // answers: were their slots still held, the next decision would be shed or time out waiting for one.
        for (int i = 0; i < admissible; i++) {
            assertUnavailable(submit(UUID.randomUUID().toString(), "tx-slot-" + i), "did not answer in time");
        }
        submit(UUID.randomUUID().toString(), "tx-slot-answered").then().statusCode(200)
                .body("decision", equalTo("APPROVE"));

        assertEquals((double) admissible, rejections(registry, "timeout") - timeouts);
    }

    @Test
    void aSlowReadIsCutByTheTimeoutAndNotRetried() {
        upstreams.enrichment().stubFor(get(urlEqualTo(Read.FEATURES.path))
                .willReturn(okJson(Read.FEATURES.healthy).withFixedDelay(UPSTREAM_DELAY_MS)));
        double timeouts = rejections(registry, "timeout");
        double retries = ft(registry, "ft.retry.retries.total", Read.FEATURES.method());

        long started = System.nanoTime();
        Response response = read(Read.FEATURES);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertUnavailable(response, "did not answer in time");
        assertThat(elapsedMs, lessThan((long) UPSTREAM_DELAY_MS));
        assertEquals(1.0, rejections(registry, "timeout") - timeouts);
        assertEquals(0.0, ft(registry, "ft.retry.retries.total", Read.FEATURES.method()) - retries);
        upstreams.enrichment().verify(1, getRequestedFor(urlEqualTo(Read.FEATURES.path)));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503})
    void aBurstOf5xxAnswers503WithRetryAfterAndTheDecisionIsNotRetried(int status) {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/html").withBody("<h1>oops</h1>")));
        double unavailable = rejections(registry, "unavailable");

        for (int i = 0; i < 3; i++) {
            assertUnavailable(submit(UUID.randomUUID().toString(), "tx-5xx-" + i), UPSTREAM + " failed to answer");
        }

        assertEquals(3.0, rejections(registry, "unavailable") - unavailable);
        upstreams.enrichment().verify(3, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void aClientErrorIsPassedThroughAndNeverOpensTheCircuit() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .willReturn(problem(422, "Unprocessable", "wallet closed")));
        int calls = config(CONFIG + "circuit-breaker.request-volume-threshold") + 2;
        double opened = ft(registry, "ft.circuitbreaker.opened.total", DECIDE);
        double rejected = rejections(registry, null);

        for (int i = 0; i < calls; i++) {
            submit(UUID.randomUUID().toString(), "tx-422-" + i)
                    .then().statusCode(422)
                    .contentType("application/problem+json")
                    .header("Retry-After", nullValue())
                    .body("title", equalTo("Unprocessable"))
                    .body("detail", equalTo("wallet closed"));
        }

        upstreams.enrichment().verify(calls, postRequestedFor(urlEqualTo(DECISIONS)));
        assertEquals(0.0, ft(registry, "ft.circuitbreaker.opened.total", DECIDE) - opened);
        assertEquals(1.0, circuitState(registry, DECIDE, "closed"));
        assertEquals(0.0, rejections(registry, null) - rejected, "a 4xx is the caller's problem, not a rejection");
    }

    @Test
    void aClientErrorOnAReadIsPassedThroughAndNotRetried() {
        upstreams.enrichment().stubFor(get(urlEqualTo(Read.FEATURES.path))
                .willReturn(problem(404, "Not Found", "no such wallet")));

        read(Read.FEATURES).then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no such wallet"));

        upstreams.enrichment().verify(1, getRequestedFor(urlEqualTo(Read.FEATURES.path)));
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aBrokenConnectionAnswers503AndTheDecisionIsNotRetried(Fault fault) {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(aResponse().withFault(fault)));
        double unavailable = rejections(registry, "unavailable");

        assertUnavailable(submit(UUID.randomUUID().toString(), "tx-" + fault), UPSTREAM + " is unreachable");

        assertEquals(1.0, rejections(registry, "unavailable") - unavailable);
        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @ParameterizedTest
    @EnumSource(BadAnswer.class)
    void anUnreadableDecisionIs502AndTheRetryUnderTheSameKeyIsForwardedAgain(BadAnswer answer) {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(answer.response()));
        String key = UUID.randomUUID().toString();
        double bad = rejections(registry, "bad_response");

        assertBadGateway(submit(key, "tx-f"), UPSTREAM);
        assertEquals(1.0, rejections(registry, "bad_response") - bad);

        // The gateway keeps nothing under the key: the client's retry goes to enrichment-service again.
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-f", "APPROVE"))));
        submit(key, "tx-f").then().statusCode(200)
                .header("Idempotent-Replayed", nullValue())
                .body("decision", equalTo("APPROVE"));
        upstreams.enrichment().verify(2, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    /** What only the decision's own reader refuses: it checks the body it passes on as it came (DecisionReader). */
    enum BadDecision {
        UNKNOWN_DECISION(json("{\"transactionId\":\"tx-f\",\"decision\":\"MAYBE\"}")),
        CONTENT_AFTER_THE_OBJECT(json("{\"transactionId\":\"tx-f\",\"decision\":\"APPROVE\"} {}")),
        MALFORMED_INSIDE_A_SKIPPED_FIELD(json("{\"transactionId\":\"tx-f\",\"decision\":\"APPROVE\","
                + "\"features\":{\"amount\":}}")),
        ANOTHER_MEDIA_TYPE(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                .withBody("{\"transactionId\":\"tx-f\",\"decision\":\"APPROVE\"}"));

        private final ResponseDefinitionBuilder response;

        BadDecision(ResponseDefinitionBuilder response) {
            this.response = response;
        }
    }

    @ParameterizedTest
    @EnumSource(BadDecision.class)
    void aDecisionTheGatewayCannotPassOnAsItCameIs502(BadDecision answer) {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(answer.response));
        double bad = rejections(registry, "bad_response");

        assertBadGateway(submit(UUID.randomUUID().toString(), "tx-f"), UPSTREAM);

        assertEquals(1.0, rejections(registry, "bad_response") - bad);
    }

    @ParameterizedTest
    @EnumSource(BadAnswer.class)
    void anUnreadableTransactionIs502InsteadOfAHalfFilledViewAndNotRetried(BadAnswer answer) {
        upstreams.enrichment().stubFor(get(urlEqualTo(Read.TRANSACTION.path)).willReturn(answer.response()));
        double bad = rejections(registry, "bad_response");

        assertBadGateway(read(Read.TRANSACTION), UPSTREAM);

        assertEquals(1.0, rejections(registry, "bad_response") - bad);
        upstreams.enrichment().verify(1, getRequestedFor(urlEqualTo(Read.TRANSACTION.path)));
    }

    /** Every feature has a value, so any JSON object parses into a vector: only unreadable bodies apply. */
    @ParameterizedTest
    @EnumSource(value = BadAnswer.class, names = {"MALFORMED_JSON", "EMPTY_BODY", "HTML_PAGE"})
    void anUnreadableFeatureVectorIs502AndNotRetried(BadAnswer answer) {
        upstreams.enrichment().stubFor(get(urlEqualTo(Read.FEATURES.path)).willReturn(answer.response()));
        double bad = rejections(registry, "bad_response");

        assertBadGateway(read(Read.FEATURES), UPSTREAM);

        assertEquals(1.0, rejections(registry, "bad_response") - bad);
        upstreams.enrichment().verify(1, getRequestedFor(urlEqualTo(Read.FEATURES.path)));
    }

    @Test
    void theCircuitOpensAfterTheThresholdStopsForwardingThenHalfOpensAndClosesOnRecovery() {
        int threshold = config(CONFIG + "circuit-breaker.request-volume-threshold");
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(aResponse().withStatus(500)));
        double opened = ft(registry, "ft.circuitbreaker.opened.total", DECIDE);
        double circuitOpen = rejections(registry, "circuit_open");

        for (int i = 0; i < threshold; i++) {
            assertUnavailable(submit(UUID.randomUUID().toString(), "tx-cb-" + i), UPSTREAM + " failed to answer");
        }
        assertEquals(1.0, ft(registry, "ft.circuitbreaker.opened.total", DECIDE) - opened);
        assertEquals(1.0, circuitState(registry, DECIDE, "open"));

        assertUnavailable(submit(UUID.randomUUID().toString(), "tx-cb-open"), "calls are suspended");
        upstreams.enrichment().verify(threshold, postRequestedFor(urlEqualTo(DECISIONS)));
        assertEquals(1.0, rejections(registry, "circuit_open") - circuitOpen);

        // Recovered; once the delay has passed the next call is the half-open trial, and its success closes.
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-cb", "APPROVE"))));
        sleep(config(CONFIG + "circuit-breaker.delay"));
        submit(UUID.randomUUID().toString(), "tx-cb").then().statusCode(200);
        assertEquals(1.0, circuitState(registry, DECIDE, "closed"));
        submit(UUID.randomUUID().toString(), "tx-cb").then().statusCode(200);
        upstreams.enrichment().verify(threshold + 2, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void aFullBulkheadShedsDecisionsWith503AndLeavesTheCircuitClosed() throws Exception {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .willReturn(okJson(Fixtures.decision("tx-bh", "APPROVE")).withFixedDelay(1000)));
        int admissible = config(CONFIG + "bulkhead.value") + config(CONFIG + "bulkhead.waiting-task-queue");
        double shedBefore = rejections(registry, "shed");
        double rejectedBefore = ft(registry, "ft.bulkhead.calls.total", DECIDE, "bulkheadResult", "rejected");
        double opened = ft(registry, "ft.circuitbreaker.opened.total", DECIDE);

        List<Response> responses = Concurrently.call(admissible + 5,
                () -> submit(UUID.randomUUID().toString(), "tx-bh"));

        long shed = assertServedOrShed(responses, admissible);
        assertEquals(shed, rejections(registry, "shed") - shedBefore);
        assertEquals(shed, ft(registry, "ft.bulkhead.calls.total", DECIDE, "bulkheadResult", "rejected") - rejectedBefore);
        assertEquals(0.0, ft(registry, "ft.circuitbreaker.opened.total", DECIDE) - opened, "shedding is not an upstream fault");
        upstreams.enrichment().verify(responses.size() - (int) shed, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void aFullBulkheadShedsFeatureReadsWith503WithoutRetrying() throws Exception {
        upstreams.enrichment().stubFor(get(urlEqualTo(Read.FEATURES.path))
                .willReturn(okJson(Read.FEATURES.healthy).withFixedDelay(1000)));
        int admissible = config(CONFIG + "bulkhead.value") + config(CONFIG + "bulkhead.waiting-task-queue");
        double shedBefore = rejections(registry, "shed");
        double retries = ft(registry, "ft.retry.retries.total", Read.FEATURES.method());
        String token = Tokens.valid("acme", "analyst");

        List<Response> responses = Concurrently.call(admissible + 5,
                () -> given().auth().oauth2(token).when().get(Read.FEATURES.path));

        long shed = assertServedOrShed(responses, admissible);
        assertEquals(shed, rejections(registry, "shed") - shedBefore);
        assertEquals(0.0, ft(registry, "ft.retry.retries.total", Read.FEATURES.method()) - retries);
    }

    static Stream<Arguments> readsAfterAFastFailure() {
        return Stream.of(Read.values())
                .flatMap(read -> Stream.of(FastFailure.values()).map(failure -> Arguments.of(read, failure)));
    }

    @ParameterizedTest
    @MethodSource("readsAfterAFastFailure")
    void aReadIsRetriedOnceAfterAFastFailureAndAnswers(Read read, FastFailure failure) {
        upstreams.enrichment().stubFor(get(urlEqualTo(read.path)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(failure.response));
        upstreams.enrichment().stubFor(get(urlEqualTo(read.path)).inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(read.healthy)));
        double retries = ft(registry, "ft.retry.retries.total", read.method());
        double rejected = rejections(registry, null);

        read(read).then().statusCode(200).body(read.field, equalTo(read.expected));

        upstreams.enrichment().verify(2, getRequestedFor(urlEqualTo(read.path)));
        assertEquals(1.0, ft(registry, "ft.retry.retries.total", read.method()) - retries);
        assertEquals(0.0, rejections(registry, null) - rejected);
    }

    @Test
    void aReadThatKeepsFailingIsRetriedOnlyOnceThenAnswers503() {
        upstreams.enrichment().stubFor(get(urlEqualTo(Read.FEATURES.path)).willReturn(aResponse().withStatus(503)));
        double exhausted = ft(registry, "ft.retry.calls.total", Read.FEATURES.method(),
                "retried", "true", "retryResult", "maxRetriesReached");

        assertUnavailable(read(Read.FEATURES), UPSTREAM + " failed to answer");

        upstreams.enrichment().verify(2, getRequestedFor(urlEqualTo(Read.FEATURES.path)));
        assertEquals(1.0, ft(registry, "ft.retry.calls.total", Read.FEATURES.method(),
                "retried", "true", "retryResult", "maxRetriesReached") - exhausted);
    }

    private static Response submit(String idempotencyKey, String transactionId) {
        return given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .header("Idempotency-Key", idempotencyKey)
                .contentType("application/json")
                .body(Fixtures.transaction(transactionId))
                .when().post("/v1/transactions");
    }

    private static Response read(Read read) {
        return given().auth().oauth2(Tokens.valid("acme", "analyst")).when().get(read.path);
    }
}
