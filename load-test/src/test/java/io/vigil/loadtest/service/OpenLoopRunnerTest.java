package io.vigil.loadtest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.http.HttpClosedException;
import io.vigil.contracts.Decision;
import io.vigil.loadtest.metrics.ErrorCounts;
import io.vigil.loadtest.endpoint.Outgoing;
import io.vigil.loadtest.endpoint.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenLoopRunnerTest {

    private static final String APPROVE = "{\"transactionId\":\"t\",\"decision\":\"APPROVE\",\"score\":0.1}";

    private HttpServer server;
    private ExecutorService serverThreads;
    private final OpenLoopRunner runner = new OpenLoopRunner(Duration.ofSeconds(2), 100);

    @AfterEach
    void stop() {
        runner.close();
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    @Test
    void latencyOfASaturatedServerIsMeasuredFromTheIntendedSendTime() throws Exception {
        // One request at a time, 20 ms each: capacity 50/s, offered 100/s for 0.5 s (50 arrivals).
        start(1, exchange -> {
            sleep(20);
            respond(exchange, 200, APPROVE);
        });
        RunResult r = runner.run(target(), new OpenLoopRunner.Settings(100, Duration.ofMillis(500),
                Duration.ofSeconds(30), 100), OpenLoopRunner.Observer.NONE);

        assertEquals(50, r.scheduled());
        assertEquals(50, r.ok());
        // The server cannot finish the 50 before 1 s after the start, while the last arrival was due at 0.49 s:
        // its latency from intended send time is at least 0.51 s, and the median arrival (due at 0.25 s,
        // finished no earlier than 0.52 s) waited at least 0.27 s, though each answer took only 20 ms of work.
        assertTrue(r.latency().max() >= 500_000, "max " + r.latency().max());
        assertTrue(r.latency().p50() >= 250_000, "p50 " + r.latency().p50());
        assertEquals(Map.of(), r.errors());
        assertEquals(50, r.decisions().get(Decision.APPROVE));
        // All in the schedule's first second, and all but the first few slower than 50 ms.
        assertEquals(1, r.worstSeconds().size());
        assertEquals(0, r.worstSeconds().getFirst().second());
        assertEquals(50, r.worstSeconds().getFirst().ok());
        assertTrue(r.worstSeconds().getFirst().slow() >= 45, "slow " + r.worstSeconds().getFirst().slow());
    }

    @Test
    void everyArrivalIsSentOnScheduleEvenWhileNoAnswerHasComeBack() throws Exception {
        // The server answers nothing until all arrivals have been sent: a closed-loop generator would wait forever
        // for the first answer; an open-loop one sends them all and then gets every answer.
        CountDownLatch allSent = new CountDownLatch(1);
        start(4, exchange -> {
            try {
                allSent.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, APPROVE);
        });
        AtomicInteger sent = new AtomicInteger();
        OpenLoopRunner.Observer observer = new OpenLoopRunner.Observer() {
            @Override
            public void sent(String transactionId, long intendedEpochMicros) {
                if (sent.incrementAndGet() == 30) {
                    allSent.countDown();
                }
            }
        };
        RunResult r = runner.run(target(), new OpenLoopRunner.Settings(100, Duration.ofMillis(300),
                Duration.ofSeconds(30), 100), observer);

        assertEquals(30, sent.get());
        assertEquals(30, r.ok());
        assertEquals(0, r.errorCount());
    }

    @Test
    void failedAnswersAreCountedByStatusAndNotRecordedAsLatency() throws Exception {
        AtomicInteger n = new AtomicInteger();
        start(2, exchange -> {
            if (n.getAndIncrement() % 2 == 0) {
                respond(exchange, 429, "{\"status\":429}");
            } else {
                respond(exchange, 200, "{\"decision\":\"REVIEW\"}");
            }
        });
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger reviews = new AtomicInteger();
        OpenLoopRunner.Observer observer = new OpenLoopRunner.Observer() {
            @Override
            public void answered(String transactionId, Decision decision) {
                if (decision == Decision.REVIEW) {
                    reviews.incrementAndGet();
                }
            }

            @Override
            public void failed(String transactionId) {
                failed.incrementAndGet();
            }
        };
        RunResult r = runner.run(target(), new OpenLoopRunner.Settings(200, Duration.ofMillis(100),
                Duration.ofSeconds(30), 100), observer);

        assertEquals(20, r.scheduled());
        assertEquals(Map.of("HTTP 429", 10L), r.errors());
        assertEquals(10, r.ok());
        assertEquals(10, r.latency().count());
        assertEquals(10, failed.get());
        assertEquals(10, reviews.get());
        assertEquals(0.5, r.errorShare());
        assertEquals(10, r.worstSeconds().getFirst().errors());
    }

    @Test
    void warmingItselfRunsTheScheduleAgainstASinkInsideTheGenerator() throws Exception {
        RunResult r = runner.warmItself(OpenLoopRunnerTest::target,
                new OpenLoopRunner.Settings(200, Duration.ofMillis(500), Duration.ofSeconds(30), 100));

        assertEquals(100, r.scheduled());
        assertEquals(100, r.ok());
        assertEquals(100, r.decisions().get(Decision.APPROVE));
        assertTrue(r.errors().isEmpty(), () -> "errors: " + r.errors());
    }

    @Test
    void aClosedPortCountsConnectErrors() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RunResult r = runner.run(target(URI.create("http://127.0.0.1:" + port + "/x")),
                new OpenLoopRunner.Settings(100, Duration.ofMillis(100), Duration.ofSeconds(30), 100),
                OpenLoopRunner.Observer.NONE);

        assertEquals(Map.of(ErrorCounts.CONNECT, 10L), r.errors());
        assertEquals(0, r.ok());
        assertEquals(0, r.achievedRate());
    }

    @Test
    void anArrivalThatWaitsForASlotPastItsTimeoutIsNotSentAndTheNextOneStillIs() throws Exception {
        start(4, exchange -> {
            sleep(300);
            respond(exchange, 200, APPROVE);
        });
        // One slot: the first arrival holds it for 300 ms, and those due meanwhile give up 50 ms after their time;
        // one due within 50 ms of the slot coming back (from 250 ms on) gets it.
        RunResult r = runner.run(target(), new OpenLoopRunner.Settings(100, Duration.ofMillis(400),
                Duration.ofMillis(50), 1), OpenLoopRunner.Observer.NONE);

        assertEquals(40, r.scheduled());
        assertTrue(r.ok() >= 2, "ok " + r.ok());
        assertEquals(Map.of(ErrorCounts.NOT_SENT, 40 - r.ok()), r.errors());
        assertTrue(r.latency().max() >= 300_000, "max " + r.latency().max());
    }

    @Test
    void anAnswerLaterThanTheRequestTimeoutCountsAsATimeout() throws Exception {
        start(4, exchange -> {
            sleep(1_000);
            respond(exchange, 200, APPROVE);
        });
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/transactions");
        Target slow = target(uri, Duration.ofMillis(200));

        RunResult r = runner.run(slow, new OpenLoopRunner.Settings(20, Duration.ofMillis(200), Duration.ofSeconds(30),
                100), OpenLoopRunner.Observer.NONE);

        assertEquals(Map.of(ErrorCounts.TIMEOUT, 4L), r.errors());
        assertEquals(0, r.ok());
    }

    @Test
    void aLateFailureDoesNotStretchTheWindowTheAchievedRateIsCountedOver() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        start(4, exchange -> {
            if (seen.incrementAndGet() == 40) {
                sleep(1_500); // the last arrival times out, 1 s after the step's end
            }
            respond(exchange, 200, APPROVE);
        });
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/transactions");

        RunResult r = runner.run(target(uri, Duration.ofSeconds(1)), new OpenLoopRunner.Settings(40,
                Duration.ofSeconds(1), Duration.ofSeconds(30), 100), OpenLoopRunner.Observer.NONE);

        assertEquals(39, r.ok());
        assertEquals(Map.of(ErrorCounts.TIMEOUT, 1L), r.errors());
        // ~39 when counted over the step, 19.7 over the 2 s until the timeout; slack for a busy machine
        assertTrue(r.achievedRate() >= 30, "39 answers in the 1 s step, not over 2 s: " + r.achievedRate());
    }

    @Test
    void failuresAreClassifiedByKind() {
        assertEquals(ErrorCounts.TIMEOUT, OpenLoopRunner.kind(new CompletionException(new TimeoutException("t"))));
        assertEquals(ErrorCounts.CONNECT, OpenLoopRunner.kind(new ConnectException("refused")));
        assertEquals(ErrorCounts.IO, OpenLoopRunner.kind(new IOException("reset")));
        assertEquals(ErrorCounts.IO, OpenLoopRunner.kind(new HttpClosedException("closed by the server")));
    }

    @Test
    void theDecisionIsReadFromTheResponseBody() {
        assertEquals(Decision.DECLINE, OpenLoopRunner.decision("{\"transactionId\":\"a\",\"decision\":\"DECLINE\"}"));
        assertEquals(null, OpenLoopRunner.decision("{\"ok\":true}"));
        assertEquals(null, OpenLoopRunner.decision("{\"decision\":\"MAYBE\"}"));
        assertEquals(Decision.REVIEW, OpenLoopRunner.decision("{\"decision\" : \"REVIEW\"}"));
        assertEquals(null, OpenLoopRunner.decision("{\"decision\":null}"));
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void start(int threads, Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        serverThreads = Executors.newFixedThreadPool(threads);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            handler.handle(exchange);
        });
        server.start();
    }

    private Target target() {
        return target(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/transactions"));
    }

    private static Target target(URI uri) {
        return target(uri, Duration.ofSeconds(30));
    }

    private static Target target(URI uri, Duration timeout) {
        return new Target() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public boolean tracksSagas() {
                return false;
            }

            @Override
            public Outgoing request(long sequence) {
                return new Outgoing(uri, Map.of(), "{}", timeout, "tx-" + sequence);
            }
        };
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
