package io.vigil.loadtest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
    private final OpenLoopRunner runner = new OpenLoopRunner(Duration.ofSeconds(2), 100);

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
        runner.close();
        server.stop(0);
        threads.shutdownNow();
    }

    @Test
    void platformAndHopStepsAlternateAtEveryRateAndOnlyPlatformStepsFollowSagas() throws Exception {
        List<String> log = new ArrayList<>();
        Benchmark benchmark = benchmark(null, log);

        List<StepResult> steps = benchmark.run(plan(List.of(50.0, 100.0), Benchmark.WarmUp.NONE,
                List.of("platform", "hops"))).steps();

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

    @Test
    void warmUpStopsAfterTheFirstRoundInWhichTheJitCompilersWereQuiet() throws Exception {
        List<String> log = new ArrayList<>();
        // Cumulative compiler seconds as read before and after each round: busy in round 1, idle in round 2.
        Iterator<Double> compilerSeconds = List.of(0.0, 1.0, 1.0, 1.01).iterator();
        Benchmark.WarmUp warmUp = new Benchmark.WarmUp(20, Duration.ofSeconds(10), Duration.ofMillis(300), 0.1);

        Benchmark.Result result = benchmark(compilerSeconds::next, log).run(plan(List.of(50.0), warmUp,
                List.of("platform")));

        Benchmark.WarmUpResult w = result.warmUps().getFirst();
        assertEquals(Duration.ofMillis(600), w.length());
        assertTrue(w.compilerQuiet(0.1), "the last round used " + w.lastRoundCompilerCores());
        assertEquals(List.of("upkeep", "warm-up: platform at 20 tx/s for 0 s", "  answered 6 of 6",
                "upkeep", "warm-up: platform at 20 tx/s for 0 s", "  answered 6 of 6", "upkeep", "step 1",
                "  platform"), log.stream().map(BenchmarkTest::head).toList(),
                "the upkeep before every warm-up round as before every step, and what each round got");
        assertEquals(1, result.steps().size());
    }

    @Test
    void warmUpEndsAtItsLimitWhenTheCompilersNeverSettle() throws Exception {
        double[] compilerSeconds = {0};
        Benchmark.WarmUp warmUp = new Benchmark.WarmUp(20, Duration.ofMillis(500), Duration.ofMillis(300), 0.1);

        Benchmark.Result result = benchmark(() -> compilerSeconds[0] += 1, new ArrayList<>())
                .run(plan(List.of(50.0), warmUp, List.of("platform", "hops")));

        assertEquals(List.of("platform", "hops"), result.warmUps().stream().map(Benchmark.WarmUpResult::target).toList());
        for (Benchmark.WarmUpResult w : result.warmUps()) {
            assertEquals(Duration.ofMillis(500), w.length(), "a 300 ms round, then the 200 ms left");
            assertFalse(w.compilerQuiet(0.1));
        }
    }

    @Test
    void withoutAGaugeTheWarmUpIsOneStretchOfTheWholeTime() throws Exception {
        List<String> log = new ArrayList<>();
        Benchmark.WarmUp warmUp = new Benchmark.WarmUp(20, Duration.ofMillis(400), Duration.ofMillis(100), 0.1);

        Benchmark.WarmUpResult w = benchmark(null, log).run(plan(List.of(50.0), warmUp, List.of("hops")))
                .warmUps().getFirst();

        assertEquals(Duration.ofMillis(400), w.length());
        assertTrue(w.lastRoundCompilerCores().isEmpty());
        assertEquals(1, log.stream().filter(l -> l.startsWith("warm-up:")).count(), log.toString());
    }

    private Benchmark benchmark(Benchmark.JitGauge jit, List<String> log) {
        return new Benchmark(runner, this::target,
                CpuAccounting.forPlatform(dir.resolve("platform.properties")), jit, router, "t",
                () -> log.add("upkeep"), log::add);
    }

    private static Benchmark.Plan plan(List<Double> rates, Benchmark.WarmUp warmUp, List<String> targets) {
        return new Benchmark.Plan(rates, Duration.ofMillis(200), warmUp, Duration.ZERO, Duration.ofSeconds(10), 100,
                Duration.ofSeconds(30), targets);
    }

    /**
     * "step 1: platform at ..." → "step 1"; "  hops offered ..." → "  hops"; "  answered 6 of 6, p99 ..." →
     * "  answered 6 of 6".
     */
    private static String head(String line) {
        return line.startsWith("step") ? line.substring(0, line.indexOf(':'))
                : line.startsWith("  answered") ? line.substring(0, line.indexOf(','))
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
                return new Outgoing(uri, Map.of(), id, Duration.ofSeconds(10), id);
            }
        };
    }
}
