package io.vigil.loadtest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vigil.contracts.Decision;
import io.vigil.loadtest.messaging.DecisionSeen;
import io.vigil.loadtest.metrics.CpuAccounting;
import io.vigil.loadtest.service.SagaTracker.SagaStats;
import io.vigil.loadtest.endpoint.Outgoing;
import io.vigil.loadtest.endpoint.Target;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService threads;
    private final SagaRouter router = new SagaRouter();

    @BeforeEach
    void startFakePlatform() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        // Every third transaction is a REVIEW (its saga parks); the others publish their decision at once.
        server.createContext("/", exchange -> {
            String id = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean platform = exchange.getRequestURI().getPath().equals("/v1/transactions");
            Decision decision = platform && id.hashCode() % 3 == 0 ? Decision.REVIEW : Decision.APPROVE;
            byte[] body = ("{\"transactionId\":\"" + id + "\",\"decision\":\"" + decision + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            if (platform && decision == Decision.APPROVE) {
                router.accept(new DecisionSeen(id, decision, decision, System.currentTimeMillis()));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Test
    void platformAndHopStepsAlternateAtEveryRateAndOnlyPlatformStepsFollowSagas() throws Exception {
        List<String> log = new ArrayList<>();
        Benchmark benchmark = new Benchmark(new OpenLoopRunner(OpenLoopRunner.newClient(Duration.ofSeconds(2))),
                this::target, CpuAccounting.forPlatform(dir.resolve("platform.properties")), router, "t",
                () -> log.add("upkeep"), log::add);

        List<StepResult> steps = benchmark.run(new Benchmark.Plan(List.of(50.0, 100.0), Duration.ofMillis(200),
                Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), 100, Duration.ofSeconds(30),
                List.of("platform", "hops")));

        assertEquals(List.of("platform", "hops", "platform", "hops"),
                steps.stream().map(s -> s.run().target()).toList());
        assertEquals(List.of(50.0, 50.0, 100.0, 100.0), steps.stream().map(s -> s.run().offeredRate()).toList());
        for (StepResult s : steps) {
            assertEquals(s.run().scheduled(), s.run().ok());
            assertTrue(s.cpu().seconds().containsKey(CpuAccounting.GENERATOR));
            if (s.run().target().equals("platform")) {
                SagaStats saga = s.saga();
                assertEquals(s.run().ok(), saga.completion().count() + saga.parkedForReview());
                assertEquals(s.run().decisions().get(Decision.REVIEW), saga.parkedForReview());
                assertEquals(0, saga.missing());
            } else {
                assertEquals(SagaStats.NOT_MEASURED, s.saga());
            }
        }
        assertEquals(List.of("upkeep", "step 1", "  platform", "upkeep", "step 2", "  hops", "upkeep", "step 3",
                "  platform", "upkeep", "step 4", "  hops"),
                log.stream().map(BenchmarkTest::head).toList(),
                "the upkeep before every step, then a start line and a summary per step");
    }

    /** "step 1: platform at ..." → "step 1"; "  hops offered ..." → "  hops". */
    private static String head(String line) {
        return line.startsWith("step") ? line.substring(0, line.indexOf(':'))
                : line.startsWith("  ") ? line.substring(0, line.indexOf(' ', 2)) : line;
    }

    /** Sends the transaction id as the body, to the platform path or the hop path. */
    private Target target(String kind, String prefix) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + (kind.equals("platform") ? "/v1/transactions" : "/bench/hop"));
        return new Target() {
            @Override
            public String name() {
                return kind;
            }

            @Override
            public boolean tracksSagas() {
                return kind.equals("platform");
            }

            @Override
            public Outgoing request(long sequence) {
                String id = prefix + sequence;
                return new Outgoing(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(id)).build(), id);
            }
        };
    }
}
