package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Submissions through the gateway, enrichment-service stubbed. The gateway keeps no idempotency state: it
 * forwards the Idempotency-Key, and passes on enrichment-service's replay marker and its 409 for a reused key.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class TransactionSubmissionTest {

    private static final String DECISIONS = "/v1/decisions";

    Upstreams upstreams;
    String token;

    @Inject
    MeterRegistry registry;

    String key;

    @TestHTTPResource("/v1/transactions")
    URI transactions;

    @BeforeEach
    void setUp() {
        upstreams.reset();
        token = Tokens.valid("acme", "transactions:write");
        key = UUID.randomUUID().toString();
    }

    @Test
    void scoresThroughEnrichmentWithTheTenantOfTheToken() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .withHeader("X-Vigil-Tenant", equalTo("acme"))
                .withRequestBody(matchingJsonPath("$.tenant", equalTo("acme")))
                .withRequestBody(matchingJsonPath("$.currency", equalTo("EUR")))
                .willReturn(okJson(Fixtures.decision("tx-ok", "APPROVE"))));

        submit(Fixtures.transaction("tx-ok"), key)
                .then().statusCode(200)
                .contentType("application/json")
                .header("Idempotent-Replayed", nullValue())
                .body("decision", Matchers.equalTo("APPROVE"))
                .body("sagaId", Matchers.equalTo("tx-ok"))
                .body("reasons[0].code", Matchers.equalTo("AMOUNT_ZSCORE"))
                // enrichment-service's answer is passed on as it came, not bound and written again
                .body(Matchers.equalTo(Fixtures.decision("tx-ok", "APPROVE")));

        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS))
                .withHeader("X-Vigil-Subject", matchesPatternOf("client-.*"))
                .withHeader("X-Correlation-Id", matchesPatternOf(".+")));
    }

    @Test
    void aChunkedBodyWithinTheLimitIsReadWholeAndScored() throws Exception {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .withRequestBody(matchingJsonPath("$.transactionId", equalTo("tx-chunked")))
                .willReturn(okJson(Fixtures.decision("tx-chunked", "APPROVE"))));

        // the client sends the body once told to continue
        HttpResponse<String> response = ChunkedPost.send(transactions, token, key, Fixtures.transaction("tx-chunked"),
                true);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Fixtures.decision("tx-chunked", "APPROVE"), response.body());
    }

    @Test
    void correlationIdIsPassedOnAndEchoed() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-c", "APPROVE"))));

        given().auth().oauth2(token).header("Idempotency-Key", key).header("X-Correlation-Id", "corr-123")
                .contentType("application/json").body(Fixtures.transaction("tx-c"))
                .when().post("/v1/transactions")
                .then().statusCode(200).header("X-Correlation-Id", "corr-123");

        upstreams.enrichment().verify(postRequestedFor(urlEqualTo(DECISIONS)).withHeader("X-Correlation-Id", equalTo("corr-123")));
    }

    @Test
    void correlationIdIsGeneratedWhenAbsent() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-g", "APPROVE"))));

        String generated = submit(Fixtures.transaction("tx-g"), key)
                .then().statusCode(200)
                .header("X-Correlation-Id", matchesPattern("[0-9a-f-]{36}"))
                .extract().header("X-Correlation-Id");

        upstreams.enrichment().verify(postRequestedFor(urlEqualTo(DECISIONS)).withHeader("X-Correlation-Id", equalTo(generated)));
    }

    @Test
    void theIdempotencyKeyIsForwardedToEnrichment() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-key", "APPROVE"))));

        submit(Fixtures.transaction("tx-key"), key).then().statusCode(200);

        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS)).withHeader("Idempotency-Key", equalTo(key)));
    }

    @Test
    void aRetryIsForwardedAndEnrichmentsStoredDecisionIsMarkedReplayed() {
        decidedThenReplayed("tx-r", "REVIEW");
        String body = Fixtures.transaction("tx-r");

        Response fresh = submit(body, key);
        Response replay = submit(body, key);

        fresh.then().statusCode(200).header("Idempotent-Replayed", nullValue());
        replay.then().statusCode(200).contentType("application/json")
                .header("Idempotent-Replayed", "true")
                .body("decision", Matchers.equalTo("REVIEW"));
        assertEquals(fresh.asString(), replay.asString());
        upstreams.enrichment().verify(2, postRequestedFor(urlEqualTo(DECISIONS)).withHeader("Idempotency-Key", equalTo(key)));
    }

    @Test
    void aKeyReusedWithAnotherBodyIsEnrichments409PassedThrough() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Idempotency-Key reused\",\"status\":409,"
                        + "\"detail\":\"This Idempotency-Key was already used with a different request body\"}")));

        submit(Fixtures.transaction("tx-k").replace("42.50", "99.00"), key)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .header("Retry-After", nullValue())
                .body("status", Matchers.equalTo(409))
                .body("title", Matchers.equalTo("Idempotency-Key reused"))
                .body("detail", Matchers.equalTo("This Idempotency-Key was already used with a different request body"));
        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS)).withHeader("Idempotency-Key", equalTo(key)));
    }

    static Stream<Arguments> invalidKeys() {
        return Stream.of(
                Arguments.of(null, "is required"),
                Arguments.of("two words", "must be 1 to 255 visible ASCII characters"),
                Arguments.of("k".repeat(256), "must be 1 to 255 visible ASCII characters"));
    }

    @ParameterizedTest
    @MethodSource("invalidKeys")
    void aMissingOrMalformedKeyIs400AndNothingIsForwarded(String idempotencyKey, String message) {
        RequestSpecification request = given().auth().oauth2(token).contentType("application/json")
                .body(Fixtures.transaction("tx-bad-key"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }

        request.when().post("/v1/transactions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", Matchers.equalTo("Idempotency-Key"))
                .body("errors[0].message", Matchers.equalTo(message));
        upstreams.enrichment().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRetryAfterAFailedUpstreamCallIsForwardedAgain() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .willReturn(aResponse().withStatus(500).withBody("boom")));
        String body = Fixtures.transaction("tx-fail");

        submit(body, key).then().statusCode(503).header("Retry-After", Matchers.notNullValue());

        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-fail", "DECLINE"))));
        submit(body, key).then().statusCode(200)
                .header("Idempotent-Replayed", nullValue())
                .body("decision", Matchers.equalTo("DECLINE"));
        upstreams.enrichment().verify(2, postRequestedFor(urlEqualTo(DECISIONS)).withHeader("Idempotency-Key", equalTo(key)));
    }

    @Test
    void freshDecisionsAreCountedByOutcomeAndStoredOnesAsReplays() {
        decidedThenReplayed("tx-m", "DECLINE");
        double declined = counter("vigil.gateway.decisions", "decision", "DECLINE");
        double replays = counter("vigil.gateway.idempotent.replays");

        submit(Fixtures.transaction("tx-m"), key).then().statusCode(200);
        submit(Fixtures.transaction("tx-m"), key).then().statusCode(200);

        assertEquals(1.0, counter("vigil.gateway.decisions", "decision", "DECLINE") - declined);
        assertEquals(1.0, counter("vigil.gateway.idempotent.replays") - replays);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_gateway_decisions_total{decision=\"DECLINE\""))
                .body(containsString("vigil_gateway_idempotent_replays_total"));
    }

    /** enrichment-service decides the first submission and answers later ones with the stored decision. */
    private void decidedThenReplayed(String transactionId, String decision) {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).inScenario(transactionId)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Fixtures.decision(transactionId, decision)))
                .willSetStateTo("decided"));
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).inScenario(transactionId)
                .whenScenarioStateIs("decided")
                .willReturn(okJson(Fixtures.decision(transactionId, decision))
                        .withHeader("Idempotent-Replayed", "true")));
    }

    private double counter(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private Response submit(String body, String idempotencyKey) {
        return given().auth().oauth2(token)
                .header("Idempotency-Key", idempotencyKey)
                .contentType("application/json")
                .body(body)
                .when().post("/v1/transactions");
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern matchesPatternOf(String regex) {
        return com.github.tomakehurst.wiremock.client.WireMock.matching(regex);
    }
}
