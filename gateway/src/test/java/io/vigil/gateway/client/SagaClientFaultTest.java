package io.vigil.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.vigil.gateway.client.UpstreamFaults.UPSTREAM_DELAY_MS;
import static io.vigil.gateway.client.UpstreamFaults.assertBadGateway;
import static io.vigil.gateway.client.UpstreamFaults.assertServedOrShed;
import static io.vigil.gateway.client.UpstreamFaults.assertUnavailable;
import static io.vigil.gateway.client.UpstreamFaults.circuitState;
import static io.vigil.gateway.client.UpstreamFaults.config;
import static io.vigil.gateway.client.UpstreamFaults.ft;
import static io.vigil.gateway.client.UpstreamFaults.problem;
import static io.vigil.gateway.client.UpstreamFaults.rejections;
import static io.vigil.gateway.client.UpstreamFaults.sleep;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
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
 * Every way saga-orchestrator can misbehave, injected with WireMock behind the real gateway. Resolving
 * and cancelling get a 503 problem with Retry-After when the peer is slow, failing, unreachable, saturated
 * or cut off by the circuit, a 502 when it answers something unreadable, its 4xx as is; they are never
 * retried. The case list is retried once after a fast failure; the saga inside a transaction view is
 * optional, so whatever goes wrong with it the decision answers alone. Test profile: timeout 5 s, circuit
 * opens when the last 4 calls failed, for 2 s; the bulkhead has its production size.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class SagaClientFaultTest {

    private static final String CONFIG = "quarkus.fault-tolerance.\"io.vigil.gateway.client.SagaClient\".";
    private static final String RESOLVE_PATH = "/v1/cases/c-f/resolve";
    private static final String CANCEL_PATH = "/v1/sagas/tx-f/cancel";
    private static final String RESOLVE = "io.vigil.gateway.client.SagaClient.resolve";
    private static final String UPSTREAM = "saga-orchestrator";
    private static final String CASE = """
            {"caseId":"c-f","transactionId":"tx-f","walletId":"w-f","status":"%s","score":0.61,"reasons":[],
             "modelVersion":"gbt-1","openedAt":"2026-11-23T10:00:00Z","resolvedAt":null,"verdict":null,
             "note":null,"resolvedBy":null}
            """;

    /** The idempotent reads through this client: the case list, and the saga inside a transaction view. */
    enum Read {
        CASES("/v1/cases?status=OPEN", urlPathEqualTo("/v1/cases"), "[" + CASE.formatted("OPEN") + "]",
                "[0].caseId", "c-f"),
        SAGA("/v1/transactions/tx-f", urlEqualTo("/v1/sagas/tx-f"), Fixtures.saga("tx-f"),
                "saga.state", "COMPLETED");

        final String path;
        final UrlPattern upstream;
        final String healthy;
        final String field;
        final Object expected;

        Read(String path, UrlPattern upstream, String healthy,
                String field, Object expected) {
            this.path = path;
            this.upstream = upstream;
            this.healthy = healthy;
            this.field = field;
            this.expected = expected;
        }

        MappingBuilder stub() {
            return get(upstream);
        }

        RequestPatternBuilder requested() {
            return getRequestedFor(upstream);
        }

        String method() {
            return "io.vigil.gateway.client.SagaClient." + (this == CASES ? "cases" : "saga");
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
        // The decision half of a transaction view is always there; the saga half is under test.
        upstreams.enrichment().stubFor(get(urlEqualTo("/v1/transactions/tx-f"))
                .willReturn(okJson(Fixtures.decision("tx-f", "REVIEW"))));
    }

    @AfterEach
    void closeCircuits() {
        breakers.resetAll();
    }

    @Test
    void aSlowResolutionIsCutByTheTimeoutWith503LongBeforeTheUpstreamAnswers() {
        upstreams.saga().stubFor(post(urlEqualTo(RESOLVE_PATH))
                .willReturn(okJson(CASE.formatted("RESOLVED")).withFixedDelay(UPSTREAM_DELAY_MS)));
        double timeouts = rejections(registry, "timeout");

        long started = System.nanoTime();
        Response response = resolve(Tokens.valid("acme", "analyst"));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertUnavailable(response, "did not answer in time");
        // The gateway's timeout answered, long before the upstream would have.
        assertThat(elapsedMs, lessThan((long) UPSTREAM_DELAY_MS));
        assertEquals(1.0, rejections(registry, "timeout") - timeouts);
        upstreams.saga().verify(1, postRequestedFor(urlEqualTo(RESOLVE_PATH)));
    }

    @Test
    void aSlowSagaIsCutByTheTimeoutNotRetriedAndTheDecisionAnswersAlone() {
        upstreams.saga().stubFor(Read.SAGA.stub().willReturn(okJson(Read.SAGA.healthy).withFixedDelay(UPSTREAM_DELAY_MS)));

        long started = System.nanoTime();
        Response response = read(Read.SAGA);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        response.then().statusCode(200).body("decision.decision", equalTo("REVIEW")).body("saga", nullValue());
        assertThat(elapsedMs, lessThan((long) UPSTREAM_DELAY_MS));
        upstreams.saga().verify(1, Read.SAGA.requested());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503})
    void aBurstOf5xxAnswers503WithRetryAfterAndTheResolutionIsNotRetried(int status) {
        upstreams.saga().stubFor(post(urlEqualTo(RESOLVE_PATH))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/html").withBody("<h1>oops</h1>")));
        String token = Tokens.valid("acme", "analyst");
        double unavailable = rejections(registry, "unavailable");

        for (int i = 0; i < 3; i++) {
            assertUnavailable(resolve(token), UPSTREAM + " failed to answer");
        }

        assertEquals(3.0, rejections(registry, "unavailable") - unavailable);
        upstreams.saga().verify(3, postRequestedFor(urlEqualTo(RESOLVE_PATH)));
    }

    @Test
    void aClientErrorIsPassedThroughAndNeverOpensTheCircuit() {
        upstreams.saga().stubFor(post(urlEqualTo(RESOLVE_PATH))
                .willReturn(problem(409, "Case not open", "already RESOLVED")));
        String token = Tokens.valid("acme", "analyst");
        int calls = config(CONFIG + "circuit-breaker.request-volume-threshold") + 2;
        double opened = ft(registry, "ft.circuitbreaker.opened.total", RESOLVE);
        double rejected = rejections(registry, null);

        for (int i = 0; i < calls; i++) {
            resolve(token).then().statusCode(409)
                    .contentType("application/problem+json")
                    .header("Retry-After", nullValue())
                    .body("title", equalTo("Case not open"))
                    .body("detail", equalTo("already RESOLVED"));
        }

        upstreams.saga().verify(calls, postRequestedFor(urlEqualTo(RESOLVE_PATH)));
        assertEquals(0.0, ft(registry, "ft.circuitbreaker.opened.total", RESOLVE) - opened);
        assertEquals(1.0, circuitState(registry, RESOLVE, "closed"));
        assertEquals(0.0, rejections(registry, null) - rejected, "a 4xx is the caller's problem, not a rejection");
    }

    @Test
    void aClientErrorOnAReadIsPassedThroughAndNotRetried() {
        upstreams.saga().stubFor(Read.CASES.stub().willReturn(problem(400, "Invalid request", "unknown status")));

        read(Read.CASES).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("unknown status"));

        upstreams.saga().verify(1, Read.CASES.requested());
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aBrokenConnectionAnswers503AndTheResolutionIsNotRetried(Fault fault) {
        upstreams.saga().stubFor(post(urlEqualTo(RESOLVE_PATH)).willReturn(aResponse().withFault(fault)));
        double unavailable = rejections(registry, "unavailable");

        assertUnavailable(resolve(Tokens.valid("acme", "analyst")), UPSTREAM + " is unreachable");

        assertEquals(1.0, rejections(registry, "unavailable") - unavailable);
        upstreams.saga().verify(1, postRequestedFor(urlEqualTo(RESOLVE_PATH)));
    }

    @ParameterizedTest
    @EnumSource(BadAnswer.class)
    void anUnreadableCancellationIs502(BadAnswer answer) {
        upstreams.saga().stubFor(post(urlEqualTo(CANCEL_PATH)).willReturn(answer.response()));
        double bad = rejections(registry, "bad_response");

        assertBadGateway(given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .when().post("/v1/transactions/tx-f/cancel"), UPSTREAM);

        assertEquals(1.0, rejections(registry, "bad_response") - bad);
        upstreams.saga().verify(1, postRequestedFor(urlEqualTo(CANCEL_PATH)));
    }

    @ParameterizedTest
    @EnumSource(BadAnswer.class)
    void anUnreadableCaseListIs502AndNotRetried(BadAnswer answer) {
        upstreams.saga().stubFor(Read.CASES.stub().willReturn(answer.response()));
        double bad = rejections(registry, "bad_response");

        assertBadGateway(read(Read.CASES), UPSTREAM);

        assertEquals(1.0, rejections(registry, "bad_response") - bad);
        upstreams.saga().verify(1, Read.CASES.requested());
    }

    @Test
    void aCaseListWithAnIncompleteCaseIs502() {
        upstreams.saga().stubFor(Read.CASES.stub().willReturn(okJson("[" + CASE.formatted("OPEN") + ",{\"score\":0.5}]")));

        assertBadGateway(read(Read.CASES), UPSTREAM);
    }

    @ParameterizedTest
    @EnumSource(BadAnswer.class)
    void anUnreadableSagaIsLeftOutAndTheDecisionAnswersAlone(BadAnswer answer) {
        upstreams.saga().stubFor(Read.SAGA.stub().willReturn(answer.response()));

        read(Read.SAGA).then().statusCode(200)
                .body("decision.decision", equalTo("REVIEW"))
                .body("saga", nullValue());

        upstreams.saga().verify(1, Read.SAGA.requested());
    }

    @Test
    void theCircuitOpensAfterTheThresholdStopsForwardingThenHalfOpensAndClosesOnRecovery() {
        int threshold = config(CONFIG + "circuit-breaker.request-volume-threshold");
        upstreams.saga().stubFor(post(urlEqualTo(RESOLVE_PATH)).willReturn(aResponse().withStatus(500)));
        String token = Tokens.valid("acme", "analyst");
        double opened = ft(registry, "ft.circuitbreaker.opened.total", RESOLVE);
        double circuitOpen = rejections(registry, "circuit_open");

        for (int i = 0; i < threshold; i++) {
            assertUnavailable(resolve(token), UPSTREAM + " failed to answer");
        }
        assertEquals(1.0, ft(registry, "ft.circuitbreaker.opened.total", RESOLVE) - opened);
        assertEquals(1.0, circuitState(registry, RESOLVE, "open"));

        assertUnavailable(resolve(token), "calls are suspended");
        upstreams.saga().verify(threshold, postRequestedFor(urlEqualTo(RESOLVE_PATH)));
        assertEquals(1.0, rejections(registry, "circuit_open") - circuitOpen);

        // Recovered; once the delay has passed the next call is the half-open trial, and its success closes.
        upstreams.saga().stubFor(post(urlEqualTo(RESOLVE_PATH)).willReturn(okJson(CASE.formatted("RESOLVED"))));
        sleep(config(CONFIG + "circuit-breaker.delay"));
        resolve(token).then().statusCode(200).body("status", equalTo("RESOLVED"));
        assertEquals(1.0, circuitState(registry, RESOLVE, "closed"));
        resolve(token).then().statusCode(200);
        upstreams.saga().verify(threshold + 2, postRequestedFor(urlEqualTo(RESOLVE_PATH)));
    }

    @Test
    void aFullBulkheadShedsResolutionsWith503AndLeavesTheCircuitClosed() throws Exception {
        upstreams.saga().stubFor(post(urlEqualTo(RESOLVE_PATH))
                .willReturn(okJson(CASE.formatted("RESOLVED")).withFixedDelay(1000)));
        int admissible = config(CONFIG + "bulkhead.value") + config(CONFIG + "bulkhead.waiting-task-queue");
        String token = Tokens.valid("acme", "analyst");
        double shedBefore = rejections(registry, "shed");
        double rejectedBefore = ft(registry, "ft.bulkhead.calls.total", RESOLVE, "bulkheadResult", "rejected");
        double opened = ft(registry, "ft.circuitbreaker.opened.total", RESOLVE);

        List<Response> responses = Concurrently.call(admissible + 8, () -> resolve(token));

        long shed = assertServedOrShed(responses, admissible);
        assertEquals(shed, rejections(registry, "shed") - shedBefore);
        assertEquals(shed, ft(registry, "ft.bulkhead.calls.total", RESOLVE, "bulkheadResult", "rejected") - rejectedBefore);
        assertEquals(0.0, ft(registry, "ft.circuitbreaker.opened.total", RESOLVE) - opened, "shedding is not an upstream fault");
        upstreams.saga().verify(responses.size() - (int) shed, postRequestedFor(urlEqualTo(RESOLVE_PATH)));
    }

    static Stream<Arguments> readsAfterAFastFailure() {
        return Stream.of(Read.values())
                .flatMap(read -> Stream.of(FastFailure.values()).map(failure -> Arguments.of(read, failure)));
    }

    @ParameterizedTest
    @MethodSource("readsAfterAFastFailure")
    void aReadIsRetriedOnceAfterAFastFailureAndAnswers(Read read, FastFailure failure) {
        upstreams.saga().stubFor(read.stub().inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(failure.response));
        upstreams.saga().stubFor(read.stub().inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(read.healthy)));
        double retries = ft(registry, "ft.retry.retries.total", read.method());
        double rejected = rejections(registry, null);

        read(read).then().statusCode(200).body(read.field, equalTo(read.expected));

        upstreams.saga().verify(2, read.requested());
        assertEquals(1.0, ft(registry, "ft.retry.retries.total", read.method()) - retries);
        assertEquals(0.0, rejections(registry, null) - rejected);
    }

    @Test
    void aCaseListThatKeepsFailingIsRetriedOnlyOnceThenAnswers503() {
        upstreams.saga().stubFor(Read.CASES.stub().willReturn(aResponse().withStatus(503)));
        double exhausted = ft(registry, "ft.retry.calls.total", Read.CASES.method(),
                "retried", "true", "retryResult", "maxRetriesReached");

        assertUnavailable(read(Read.CASES), UPSTREAM + " failed to answer");

        upstreams.saga().verify(2, Read.CASES.requested());
        assertEquals(1.0, ft(registry, "ft.retry.calls.total", Read.CASES.method(),
                "retried", "true", "retryResult", "maxRetriesReached") - exhausted);
    }

    @Test
    void anUnreachableOrchestratorIsRetriedOnceThenTheDecisionAnswersAlone() {
        upstreams.saga().stubFor(Read.SAGA.stub().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        read(Read.SAGA).then().statusCode(200)
                .body("decision.decision", equalTo("REVIEW"))
                .body("saga", nullValue());

        upstreams.saga().verify(2, Read.SAGA.requested());
    }

    private static Response resolve(String token) {
        return given().auth().oauth2(token).contentType("application/json").body("{\"verdict\":\"LEGIT\"}")
                .when().post(RESOLVE_PATH);
    }

    private static Response read(Read read) {
        return given().auth().oauth2(Tokens.valid("acme", "analyst")).when().get(read.path);
    }
}
