package io.vigil.enrichment;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.TestKafka;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class TracingTest {

    @Inject
    ObjectMapper json;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    CircuitBreakerMaintenance breakers;

    @InjectWireMock
    WireMockServer mlEngine;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(json);
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
        spans.reset();
    }

    @Test
    void theServerSpanTheMlEngineCallAndTheScoredEventShareOneTrace() {
        String tenant = "t-" + UUID.randomUUID();
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            api.decide(Tx.of(tenant, "w-trace", "tr-1", Instant.now().minus(Duration.ofMinutes(5))
                    .truncatedTo(ChronoUnit.SECONDS)).build());

            SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/v1/decisions"));
            String traceId = server.getTraceId();
            SpanData client = awaitSpan(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(traceId)
                    && s.getName().startsWith("POST"));
            assertEquals(traceId, client.getTraceId());

            List<LoggedRequest> calls = mlEngine.findAll(postRequestedFor(urlEqualTo("/v1/score")));
            String traceparent = calls.get(calls.size() - 1).getHeader("traceparent");
            assertTrue(traceparent.contains(traceId), "ml-engine received " + traceparent);

            ConsumerRecord<String, String> event = scored.await(r -> r.value().contains(tenant), Duration.ofSeconds(20));
            assertTrue(TestKafka.header(event, "traceparent").contains(traceId));
            assertEquals(traceId, api.read(event.value(), ScoredTransaction.class).traceId());
        }
    }

    private SpanData awaitSpan(Predicate<SpanData> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SpanData> found = spans.getFinishedSpanItems().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no such span among " + spans.getFinishedSpanItems().stream()
                .map(s -> s.getKind() + " " + s.getName()).toList());
    }
}
