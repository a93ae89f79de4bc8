package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vigil.testsupport.PostgresTestResource;
import io.vigil.gateway.repository.IdempotencyRepository;
import io.vigil.gateway.service.TransactionRequestParser;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamsResource.class)
class TransactionSubmissionTest {

    private static final String DECISIONS = "/v1/decisions";

    Upstreams upstreams;
    String token;

    @Inject
    TransactionRequestParser parser;

    @Inject
    IdempotencyRepository repository;
    String key;

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
                .body("reasons[0].code", Matchers.equalTo("AMOUNT_ZSCORE"));

        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS))
                .withHeader("X-Vigil-Subject", matchesPatternOf("client-.*"))
                .withHeader("X-Correlation-Id", matchesPatternOf(".+")));
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
    void sameKeyAndSameBodyReplaysTheStoredAnswerWithoutCallingEnrichmentAgain() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-r", "REVIEW"))));
        String body = Fixtures.transaction("tx-r");

        String first = submit(body, key).then().statusCode(200).extract().asString();
        // Same payment, other spelling: keys reordered, amount as a number with a trailing zero dropped.
        String respelled = body.replace("\"amount\":\"42.50\",", "").replace("{", "{\"amount\":42.5,");
        Response replay = submit(respelled, key);

        replay.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertEquals(first, replay.asString());
        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void sameKeyWithAnotherBodyIs409() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-k", "APPROVE"))));
        submit(Fixtures.transaction("tx-k"), key).then().statusCode(200);

        submit(Fixtures.transaction("tx-k").replace("42.50", "99.00"), key)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("title", Matchers.equalTo("Idempotency-Key reused"));
        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void sameKeyInAnotherTenantIsAnotherRequest() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-t", "APPROVE"))));
        submit(Fixtures.transaction("tx-t"), key).then().statusCode(200);

        given().auth().oauth2(Tokens.valid("globex", "transactions:write")).header("Idempotency-Key", key)
                .contentType("application/json").body(Fixtures.transaction("tx-t"))
                .when().post("/v1/transactions")
                .then().statusCode(200).header("Idempotent-Replayed", nullValue());
        upstreams.enrichment().verify(2, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void concurrentDuplicatesAreProcessedOnce() throws Exception {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .willReturn(okJson(Fixtures.decision("tx-dup", "APPROVE")).withFixedDelay(400)));
        String body = Fixtures.transaction("tx-dup");

        List<Response> responses = Concurrently.call(10, () -> submit(body, key));

        assertEquals(List.of(200), responses.stream().map(Response::statusCode).distinct().toList());
        assertEquals(1, responses.stream().map(Response::asString).distinct().count());
        assertEquals(9, responses.stream().filter(r -> "true".equals(r.header("Idempotent-Replayed"))).count());
        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void duplicateOfARequestStillInProgressIs409WithRetryAfter() {
        String body = Fixtures.transaction("tx-busy");
        String fingerprint = parser.parse(body.getBytes(StandardCharsets.UTF_8)).fingerprint();
        // Another gateway instance holds the key and has not finished.
        repository.claim("acme", key, fingerprint, Duration.ofMinutes(5), Duration.ofHours(1)).await().atMost(Duration.ofSeconds(10));

        submit(body, key)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("title", Matchers.equalTo("Request in progress"));
        upstreams.enrichment().verify(0, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void failedUpstreamCallReleasesTheKeySoARetryRunsAgain() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS))
                .willReturn(aResponse().withStatus(500).withBody("boom")));
        String body = Fixtures.transaction("tx-fail");

        submit(body, key).then().statusCode(503).header("Retry-After", Matchers.notNullValue());

        upstreams.enrichment().resetAll();
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-fail", "DECLINE"))));
        submit(body, key).then().statusCode(200)
                .header("Idempotent-Replayed", nullValue())
                .body("decision", Matchers.equalTo("DECLINE"));
        upstreams.enrichment().verify(1, postRequestedFor(urlEqualTo(DECISIONS)));
    }

    @Test
    void decisionsAreCountedByOutcome() {
        upstreams.enrichment().stubFor(post(urlEqualTo(DECISIONS)).willReturn(okJson(Fixtures.decision("tx-m", "DECLINE"))));
        submit(Fixtures.transaction("tx-m"), key).then().statusCode(200);
        submit(Fixtures.transaction("tx-m"), key).then().statusCode(200);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_gateway_decisions_total{decision=\"DECLINE\""))
                .body(containsString("vigil_gateway_idempotent_replays_total"));
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
