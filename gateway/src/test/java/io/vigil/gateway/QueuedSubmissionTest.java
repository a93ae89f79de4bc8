package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway with one slot: a submission that finds it taken waits for it, is answered once the slot is
 * free, and keeps its own request's trace while it waits (its call to enrichment carries its traceparent,
 * not the one of the submission whose ending handed it the slot).
 */
@QuarkusTest
@TestProfile(QueuedSubmissionTest.OneSlot.class)
@QuarkusTestResource(UpstreamsResource.class)
class QueuedSubmissionTest {

    public static class OneSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A wait far longer than the held answer: a loaded CI machine must not turn the wait into a 503.
            return Map.of("vigil.transactions.max-in-flight", "1", "vigil.transactions.max-queue-wait", "10s");
        }
    }

    private static final int HELD_MS = 1_000;
    private static final String HELD_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String QUEUED_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TestHTTPResource("/v1/transactions")
    URI transactions;

    Upstreams upstreams;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() {
        upstreams.reset();
    }

    @Test
    void aSubmissionThatFindsTheSlotTakenWaitsForItAndKeepsItsOwnTrace() throws Exception {
        upstreams.enrichment().stubFor(post(urlEqualTo("/v1/decisions")).withRequestBody(containing("tx-held"))
                .willReturn(okJson(Fixtures.decision("tx-held", "APPROVE")).withFixedDelay(HELD_MS)));
        upstreams.enrichment().stubFor(post(urlEqualTo("/v1/decisions")).withRequestBody(containing("tx-queued"))
                .willReturn(okJson(Fixtures.decision("tx-queued", "DECLINE"))));

        CompletableFuture<HttpResponse<String>> held = http.sendAsync(submission("tx-held", HELD_TRACE),
                HttpResponse.BodyHandlers.ofString());
        awaitEnrichmentCall("tx-held");
        HttpResponse<String> queued = http.send(submission("tx-queued", QUEUED_TRACE),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, held.get().statusCode());
        assertEquals(200, queued.statusCode(), queued.body());
        assertTrue(queued.body().contains("DECLINE"), queued.body());
        LoggedRequest first = enrichmentCall("tx-held");
        LoggedRequest second = enrichmentCall("tx-queued");
        assertTrue(second.getLoggedDate().getTime() - first.getLoggedDate().getTime() >= HELD_MS - 50,
                "the queued submission reached enrichment only once the held one had its answer");
        assertTrue(second.getHeader("traceparent").contains(QUEUED_TRACE), second.getHeader("traceparent"));
        assertTrue(first.getHeader("traceparent").contains(HELD_TRACE), first.getHeader("traceparent"));
    }

    private HttpRequest submission(String transactionId, String traceId) {
        return HttpRequest.newBuilder(transactions)
                .header("Authorization", "Bearer " + Tokens.valid("acme", "transactions:write"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString(Fixtures.transaction(transactionId)))
                .build();
    }

    private void awaitEnrichmentCall(String transactionId) throws InterruptedException {
        for (int i = 0; i < 100 && calls(transactionId).isEmpty(); i++) {
            Thread.sleep(50);
        }
    }

    private LoggedRequest enrichmentCall(String transactionId) {
        List<LoggedRequest> calls = calls(transactionId);
        assertEquals(1, calls.size(), "one call to enrichment for " + transactionId);
        return calls.get(0);
    }

    private List<LoggedRequest> calls(String transactionId) {
        return upstreams.enrichment().findAll(postRequestedFor(urlEqualTo("/v1/decisions"))
                .withRequestBody(containing(transactionId)));
    }
}
