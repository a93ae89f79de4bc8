package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway with no room at all, neither a slot nor a place to wait: every submission is refused at the door,
 * before the token check.
 */
@QuarkusTest
@TestProfile(OverloadTest.Full.class)
@QuarkusTestResource(UpstreamsResource.class)
class OverloadTest {

    public static class Full implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.transactions.max-in-flight", "0", "vigil.transactions.max-queued", "0");
        }
    }

    @TestHTTPResource("/v1/transactions")
    URI transactions;

    @TestHTTPResource("/q/health/live")
    URI live;

    Upstreams upstreams;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() {
        upstreams.reset();
    }

    @Test
    void aSubmissionIsRefusedWith503AndRetryAfterWithoutReachingAnyUpstream() throws Exception {
        HttpResponse<String> refused = submit(Tokens.valid("acme", "transactions:write"));

        assertEquals(503, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertNotNull(refused.headers().firstValue("X-Correlation-Id").orElse(null), "echoed on refusals too");
        assertTrue(refused.body().contains("\"status\":503") && refused.body().contains("0 at once"),
                refused.body());
        upstreams.enrichment().verify(0, anyRequestedFor(anyUrl()));
        upstreams.saga().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aCallerWithoutATokenIsRefusedTheSameWayWhileTheGatewayIsFull() throws Exception {
        assertEquals(503, submit(null).statusCode());
    }

    @Test
    void aConnectionWhoseBodiesWereNeverReadServesTheNextRequests() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(503, submit(Tokens.valid("acme", "transactions:write")).statusCode());
        }
        assertEquals(200, http.send(HttpRequest.newBuilder(live).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private HttpResponse<String> submit(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(transactions)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(Fixtures.transaction("tx-" + UUID.randomUUID())));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
