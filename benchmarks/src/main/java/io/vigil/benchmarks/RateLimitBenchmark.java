package io.vigil.benchmarks;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/** The per-client bucket lookup and consume the gateway does on every request, under contention. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class RateLimitBenchmark {

    final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Benchmark
    public ConsumptionProbe lookupAndConsume() {
        String client = "acme/client-" + ThreadLocalRandom.current().nextInt(1_000);
        Bucket bucket = buckets.computeIfAbsent(client, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1_000_000_000L).refillGreedy(1_000_000_000L, Duration.ofSeconds(1)).build())
                .build());
        return bucket.tryConsumeAndReturnRemaining(1);
    }
}
