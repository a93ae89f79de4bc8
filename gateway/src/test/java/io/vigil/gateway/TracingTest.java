package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's server span and its call to enrichment share one trace, carried by W3C traceparent. */
@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class TracingTest {

    Upstreams upstreams;

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void setUp() {
        upstreams.reset();
        spans.reset();
    }

    @Test
    void serverAndClientSpansShareTheTraceCarriedToEnrichment() throws InterruptedException {
        upstreams.enrichment().stubFor(post(urlEqualTo("/v1/decisions"))
                .willReturn(okJson(Fixtures.decision("tx-trace", "APPROVE"))));

        given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json").body(Fixtures.transaction("tx-trace"))
                .when().post("/v1/transactions")
                .then().statusCode(200);

        List<LoggedRequest> calls = upstreams.enrichment().findAll(postRequestedFor(urlEqualTo("/v1/decisions")));
        assertEquals(1, calls.size());
        String traceparent = calls.get(0).getHeader("traceparent");
        assertNotNull(traceparent, "enrichment received a traceparent header");
        String traceId = traceparent.split("-")[1];

        // Spans of earlier tests may still be ending: look for this request's trace only.
        SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(traceId)
                && s.getName().contains("/v1/transactions"));
        SpanData client = awaitSpan(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(traceId)
                && s.getAttributes().asMap().toString().contains("/v1/decisions"));
        assertEquals(server.getTraceId(), client.getTraceId());
        assertEquals(server.getSpanId(), client.getParentSpanId(), "the call to enrichment is a child of the request");
    }

    /** Spans are exported when they end, just after the response is written: wait for it. */
    private SpanData awaitSpan(Predicate<SpanData> wanted) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Optional<SpanData> span = spans.getFinishedSpanItems().stream().filter(wanted).findFirst();
            if (span.isPresent()) {
                return span.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("span not found among " + spans.getFinishedSpanItems().stream()
                .map(s -> s.getKind() + " " + s.getName() + " trace " + s.getTraceId()).toList());
    }
}
