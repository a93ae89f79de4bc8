package io.vigil.loadtest.service;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vigil.contracts.Decision;
import io.vigil.loadtest.endpoint.Outgoing;
import io.vigil.loadtest.endpoint.Target;
import io.vigil.loadtest.metrics.ErrorCounts;
import io.vigil.loadtest.metrics.LatencyStats;
import io.vigil.loadtest.metrics.Timeline;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator: arrival n is due at {@code start + n / rate} whatever happened to the earlier ones,
 * and its latency is measured from that intended time, not from when it was actually sent. A slow answer therefore
 * never delays the next arrival out of the measurement (no coordinated omission): when the system falls behind,
 * the queueing delay shows up in the latencies, as a real client population would feel it.
 *
 * <p>The number of requests in flight is bounded to keep the generator alive when the target stalls; an arrival
 * waiting for a slot still counts its wait, and one that cannot be sent before its own timeout has passed is
 * recorded as {@link ErrorCounts#NOT_SENT}.
 *
 * <p>Requests go out through a Vert.x (Netty) client on one event loop, with a connection per request in flight:
 * the generator shares the machine with the platform, and the JDK's HttpClient cost it about twice the CPU per
 * request. Close the runner to stop that event loop.
 */
public final class OpenLoopRunner implements AutoCloseable {

    /**
     * @param rate arrivals per second
     * @param duration length of the schedule
     * @param timeout an arrival still waiting for a slot this long after its intended time is not sent (the
     *     request itself carries the same timeout, see {@code TransactionTarget})
     * @param maxInFlight bound on concurrent requests
     */
    public record Settings(double rate, Duration duration, Duration timeout, int maxInFlight) {

        public Settings {
            if (rate <= 0 || duration.isNegative() || duration.isZero() || maxInFlight < 1) {
                throw new IllegalArgumentException("rate, duration and maxInFlight must be positive");
            }
        }

        public long arrivals() {
            return Math.round(rate * duration.toNanos() / 1e9);
        }
    }

    /** Per-request hooks, e.g. to follow each transaction's saga. */
    public interface Observer {

        Observer NONE = new Observer() {};

        default void sent(String transactionId, long intendedEpochMicros) {}

        default void answered(String transactionId, Decision decision) {}

        default void failed(String transactionId) {}
    }

    /** Answers slower than this count as slow in a run's timeline: the performance target's p99 (issue #9). */
    public static final long SLOW_MICROS = 50_000;

    private static final String DECISION_FIELD = "\"decision\"";

    /** What the generator's own warm-up sink answers: the shape of the gateway's {@code DecisionResponse}. */
    private static final String SINK_ANSWER = "{\"transactionId\":\"self-warm\",\"decision\":\"APPROVE\","
            + "\"score\":0.0123,\"reasons\":[],\"modelVersion\":\"sink\",\"latencyMs\":1}";

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;

    /** @param maxConnections the most connections kept open, at least the most requests a run keeps in flight */
    public OpenLoopRunner(Duration connectTimeout, int maxConnections) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) connectTimeout.toMillis()).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(maxConnections));
    }

    @Override
    public void close() {
        await(vertx.close());
    }

    /**
     * Runs a schedule against an HTTP sink inside this JVM, so that the generator's own code is compiled before it
     * measures anything. A new generator JVM otherwise spends the first seconds of its first step interpreting and
     * compiling its request path, using up to a core beside the platform on a 2-core machine and sending late, in
     * bursts: the step's first seconds then measure the generator, not the platform.
     *
     * @param targetAt the target to warm with, given the sink's base URI
     */
    public RunResult warmItself(Function<URI, Target> targetAt, Settings settings) throws InterruptedException {
        HttpServer sink = vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response()
                        .putHeader("Content-Type", "application/json")
                        .end(SINK_ANSWER)));
        int port = await(sink.listen(0, "127.0.0.1")).actualPort();
        try {
            return run(targetAt.apply(URI.create("http://127.0.0.1:" + port)), settings, Observer.NONE);
        } finally {
            await(sink.close());
        }
    }

    private static <T> T await(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }

    public RunResult run(Target target, Settings settings, Observer observer) throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(LatencyStats.newHistogram());
        Histogram serviceTime = new ConcurrentHistogram(LatencyStats.newHistogram());
        ErrorCounts errors = new ErrorCounts();
        Map<Decision, LongAdder> decisions = new EnumMap<>(Decision.class);
        for (Decision d : Decision.values()) {
            decisions.put(d, new LongAdder());
        }
        LongAdder ok = new LongAdder();
        // the step's answers end with its last success: a late failure does not stretch the window they fill
        AtomicLong lastOk = new AtomicLong();
        Semaphore slots = new Semaphore(settings.maxInFlight());
        long timeoutNanos = settings.timeout().toNanos();
        long arrivals = settings.arrivals();
        double intervalNanos = 1e9 / settings.rate();

        Instant wallStart = Instant.now();
        long start = System.nanoTime();
        long startEpochMicros = ChronoUnit.MICROS.between(Instant.EPOCH, wallStart);
        lastOk.set(start);
        Timeline timeline = new Timeline(wallStart, settings.duration(), SLOW_MICROS);

        for (long n = 0; n < arrivals; n++) {
            long intended = start + (long) (n * intervalNanos);
            parkUntil(intended);
            long waitForSlot = intended + timeoutNanos - System.nanoTime();
            if (waitForSlot <= 0 || !slots.tryAcquire(waitForSlot, TimeUnit.NANOSECONDS)) {
                errors.add(ErrorCounts.NOT_SENT);
                timeline.failed(intended - start);
                continue;
            }
            Outgoing out = target.request(n);
            observer.sent(out.transactionId(), startEpochMicros + (intended - start) / 1000);
            long sent = System.nanoTime();
            send(out).onComplete(answer -> {
                long end = System.nanoTime();
                try {
                    if (answer.failed()) {
                        errors.add(kind(answer.cause()));
                        timeline.failed(intended - start);
                        observer.failed(out.transactionId());
                    } else if (answer.result().status() / 100 == 2) {
                        ok.increment();
                        lastOk.accumulateAndGet(end, Math::max);
                        long fromIntended = micros(end - intended);
                        latency.recordValue(fromIntended);
                        timeline.answered(intended - start, fromIntended);
                        serviceTime.recordValue(micros(end - sent));
                        Decision decision = decision(answer.result().body());
                        if (decision != null) {
                            decisions.get(decision).increment();
                        }
                        observer.answered(out.transactionId(), decision);
                    } else {
                        errors.add(ErrorCounts.http(answer.result().status()));
                        timeline.failed(intended - start);
                        observer.failed(out.transactionId());
                    }
                } finally {
                    slots.release();
                }
            });
        }
        // Every request carries its own timeout, so all slots come back; the margin covers a late callback.
        if (!slots.tryAcquire(settings.maxInFlight(), timeoutNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("requests still in flight long after their timeout");
        }
        slots.release(settings.maxInFlight());

        Map<Decision, Long> byDecision = new EnumMap<>(Decision.class);
        decisions.forEach((d, count) -> byDecision.put(d, count.sum()));
        double elapsed = Math.max(settings.duration().toNanos(), lastOk.get() - start) / 1e9;
        return new RunResult(target.name(), settings.rate(), settings.duration(), arrivals, ok.sum(), byDecision,
                errors.snapshot(), LatencyStats.of(latency), LatencyStats.of(serviceTime), elapsed,
                timeline.seconds());
    }

    private record Answer(int status, String body) {}

    /**
     * The answer, or a {@link TimeoutException} once the request's timeout has passed since it was handed to the
     * client, whatever it was still waiting for (a pooled connection, the connect, the answer): under overload a
     * request can wait in places the client's own timeouts do not cover, and every slot must come back.
     */
    private Future<Answer> send(Outgoing out) {
        long timeoutMillis = Math.max(1, out.timeout().toMillis());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(out.uri().toString())
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        out.headers().forEach(options::putHeader);
        Promise<Answer> answer = Promise.promise();
        // Everything about the request happens on the client's own event loop: called from the sending thread,
        // now and then an answer that had arrived never completed its request (counted as a timeout).
        context.runOnContext(start -> {
            long deadline = vertx.setTimer(timeoutMillis,
                    id -> answer.tryFail(new TimeoutException("no answer within " + timeoutMillis + " ms")));
            client.request(options)
                    .compose(request -> request.send(Buffer.buffer(out.body())))
                    .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())))
                    .onComplete(result -> {
                        vertx.cancelTimer(deadline);
                        if (result.succeeded()) {
                            answer.tryComplete(result.result());
                        } else {
                            answer.tryFail(result.cause());
                        }
                    });
        });
        return answer.future();
    }

    private static void parkUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static long micros(long nanos) {
        return Math.clamp(nanos / 1000, 1, 3_600_000_000L);
    }

    static String kind(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof ConnectException || t instanceof IOException && t.getCause() instanceof ConnectException) {
            return ErrorCounts.CONNECT;
        }
        if (t instanceof TimeoutException) {
            return ErrorCounts.TIMEOUT;
        }
        // a connection the server closed or reset: Vert.x reports it as HttpClosedException, not an IOException
        return t instanceof IOException || t instanceof HttpClosedException
                ? ErrorCounts.IO : t.getClass().getSimpleName();
    }

    /** The decision of a {@code DecisionResponse} body, found without a full parse to keep the generator light. */
    static Decision decision(String body) {
        int at = body == null ? -1 : body.indexOf(DECISION_FIELD);
        if (at < 0) {
            return null;
        }
        int i = skipSpaces(body, at + DECISION_FIELD.length());
        if (i >= body.length() || body.charAt(i) != ':') {
            return null;
        }
        i = skipSpaces(body, i + 1);
        int end = i < body.length() && body.charAt(i) == '"' ? body.indexOf('"', i + 1) : -1;
        if (end < 0) {
            return null;
        }
        return switch (body.substring(i + 1, end)) {
            case "APPROVE" -> Decision.APPROVE;
            case "REVIEW" -> Decision.REVIEW;
            case "DECLINE" -> Decision.DECLINE;
            default -> null;
        };
    }

    private static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
