package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * At the public edge the gateway's own sampler decides, not the caller's flag: clients instrumented with
 * OpenTelemetry mark every request sampled by default, which made every service record every span (about a tenth
 * of each one's CPU) whatever share the operator set. The client's trace id is kept.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
@TestProfile(EdgeSamplingTest.ProductionSampler.class)
class EdgeSamplingTest {

    /** The sampler application.properties ships (the test profile's records everything), as without a collector. */
    public static class ProductionSampler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Properties shipped = new Properties();
            try (InputStream in = EdgeSamplingTest.class.getResourceAsStream("/application.properties")) {
                shipped.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String sampler = Objects.requireNonNull(shipped.getProperty("quarkus.otel.traces.sampler"),
                    "application.properties names the gateway's sampler");
            return Map.of("quarkus.otel.traces.sampler", sampler, "quarkus.otel.traces.sampler.arg", "0");
        }
    }

    Upstreams upstreams;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aCallersSampledFlagDoesNotMakeTheServicesRecordItsTrace() throws InterruptedException {
        upstreams.reset();
        upstreams.enrichment().stubFor(post(urlEqualTo("/v1/decisions"))
                .willReturn(okJson(Fixtures.decision("tx-sampled", "APPROVE"))));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json").body(Fixtures.transaction("tx-sampled"))
                .when().post("/v1/transactions")
                .then().statusCode(200);

        List<String> sent = upstreams.enrichment().findAll(postRequestedFor(urlEqualTo("/v1/decisions"))).stream()
                .map(call -> call.getHeader("traceparent").replaceAll("-[0-9a-f]{16}-", "-<span>-"))
                .toList();
        assertEquals(List.of("00-" + traceId + "-<span>-00"), sent);
        Thread.sleep(500);
        assertEquals(List.of(), spans.getFinishedSpanItems().stream().map(s -> s.getName()).toList());
    }
}
