package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstream trouble becomes a 503 problem with Retry-After, fast, and never a queue that grows. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamsResource.class)
class ResilienceTest {

    private static final int UPSTREAM_DELAY_MS = 20_000;

    Upstreams upstreams;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void setUp() {
        upstreams.reset();
        circuitBreakers.resetAll();
    }

    @AfterEach
    void closeCircuits() {
        circuitBreakers.resetAll();
    }

    @Test
    void slowEnrichmentIsCutOffByTheTimeoutWith503() {
        upstreams.enrichment().stubFor(post(urlEqualTo("/v1/decisions"))
                .willReturn(okJson(Fixtures.decision("tx-slow", "APPROVE")).withFixedDelay(UPSTREAM_DELAY_MS)));

        long started = System.nanoTime();
        submit("tx-slow")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("detail", containsString("did not answer in time"));
        // The answer came from the gateway's timeout, long before the upstream would have answered.
        assertThat((System.nanoTime() - started) / 1_000_000, lessThan((long) UPSTREAM_DELAY_MS));
        assertMetric("vigil_gateway_upstream_rejections_total{reason=\"timeout\"");
    }

    @Test
    void unreachableEnrichmentIs503() {
        upstreams.enrichment().stubFor(post(urlEqualTo("/v1/decisions"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        submit("tx-down")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "2");
        assertMetric("vigil_gateway_upstream_rejections_total{reason=\"unavailable\"");
    }

    @Test
    void fullBulkheadShedsLoadWith503() throws Exception {
        // Test profile: enrichment bulkhead = 2 running + 1 waiting.
        upstreams.enrichment().stubFor(get(urlEqualTo("/v1/wallets/w-1/features"))
                .willReturn(okJson("{\"count1h\":1}").withFixedDelay(1000)));
        String token = Tokens.valid("acme", "analyst");

        List<Response> responses = TransactionSubmissionTest.concurrently(8,
                () -> given().auth().oauth2(token).when().get("/v1/wallets/w-1/features"));

        long served = responses.stream().filter(r -> r.statusCode() == 200).count();
        List<Response> shed = responses.stream()
                .filter(r -> r.statusCode() == 503 && r.asString().contains("load is being shed"))
                .toList();
        assertEquals(8, served + shed.size(), "every request is served or shed");
        assertTrue(served <= 3, "at most bulkhead + queue requests may be admitted, got " + served);
        assertTrue(shed.stream().allMatch(r -> "2".equals(r.header("Retry-After"))));
        assertMetric("vigil_gateway_upstream_rejections_total{reason=\"shed\"");
    }

    @Test
    void openCircuitAnswers503WithoutCallingTheUpstream() {
        // Test profile: a saga circuit opens when its last 4 calls all failed, for 60 s.
        upstreams.saga().stubFor(post(urlEqualTo("/v1/cases/c-9/resolve")).willReturn(aResponse().withStatus(500)));
        String token = Tokens.valid("acme", "analyst");

        for (int i = 0; i < 4; i++) {
            resolve(token).then().statusCode(503);
        }
        resolve(token).then().statusCode(503)
                .header("Retry-After", Matchers.notNullValue())
                .body("detail", containsString("calls are suspended"));

        upstreams.saga().verify(4, postRequestedFor(urlEqualTo("/v1/cases/c-9/resolve")));
        assertMetric("vigil_gateway_upstream_rejections_total{reason=\"circuit_open\"");
        assertMetric("ft_circuitbreaker_opened_total");
    }

    private static Response resolve(String token) {
        return given().auth().oauth2(token).contentType("application/json").body("{\"verdict\":\"LEGIT\"}")
                .when().post("/v1/cases/c-9/resolve");
    }

    private static Response submit(String transactionId) {
        return given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json")
                .body(Fixtures.transaction(transactionId))
                .when().post("/v1/transactions");
    }

    private static void assertMetric(String text) {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString(text));
    }
}
