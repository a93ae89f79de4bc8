package io.vigil.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bin/vigil startup-bench}: time from process start to the first successful request
 * ({@code /q/health/ready} answering 200, which needs the database, Kafka and the model) for each
 * service, plain JVM against the same JVM with a JDK AOT cache recorded by a training run. Runs next
 * to the platform started by {@code bin/vigil up}, on other ports, databases and a Kafka broker of its
 * own (on the platform's, the copies would join its services' consumer groups and take their records),
 * alternating the two modes; writes the medians to docs/startup.md.
 */
final class StartupBench {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final PlatformConfig platform;
    private final int runs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    StartupBench(PlatformConfig platform, int runs) {
        this.platform = platform;
        this.runs = runs;
    }

    int run() throws IOException {
        if (!new Postgres(platform).reachable()) {
            throw new LaunchException("start the platform first (bin/vigil up --detach): the services need its"
                    + " PostgreSQL");
        }
        PlatformConfig bench = benchConfig(platform);
        Postgres postgres = new Postgres(bench);
        postgres.createDatabases();
        String brokerMarker = "-Dvigil-instance=startup-kafka-" + UUID.randomUUID();
        KafkaBroker kafka = new KafkaBroker(bench);
        long broker = -1;
        List<String> rows = new ArrayList<>();
        try {
            broker = kafka.spawn(brokerMarker);
            kafka.awaitReady(broker, Duration.ofSeconds(60));
            for (Service s : Service.START_ORDER) {
                Path aot = bench.stateDir().resolve(s.module() + ".aot");
                record(bench, s, aot);
                List<Double> plain = new ArrayList<>();
                List<Double> cached = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    plain.add(timeToReady(bench, s, List.of()));
                    cached.add(timeToReady(bench, s, List.of("-XX:AOTCache=" + aot)));
                }
                String row = String.format(Locale.ROOT, "| %s | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %.2f |", s.module(),
                        median(plain), min(plain), max(plain), median(cached), min(cached), max(cached),
                        median(cached) / median(plain));
                System.out.println(row);
                rows.add(row);
            }
        } finally {
            if (broker > 0) {
                Processes.stop(broker, brokerMarker, Duration.ofSeconds(30));
            }
            postgres.dropDatabases();
        }
        write(rows);
        return 0;
    }

    /** The services' copies: their own ports, databases and broker, beside the platform's. */
    static PlatformConfig benchConfig(PlatformConfig platform) {
        return new PlatformConfig(platform.repo(), platform.stateDir().resolve("startup-bench"), Ports.free(),
                Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), platform.postgres(),
                "vigil_startup", platform.jwtPublicKey(), Map.of());
    }

    /** A training run: start with AOTCacheOutput, exercise readiness, stop; the JVM writes the cache on exit. */
    private void record(PlatformConfig bench, Service s, Path aot) throws IOException {
        Files.createDirectories(aot.getParent());
        Files.deleteIfExists(aot);
        String marker = "-Dvigil-instance=startup-" + UUID.randomUUID();
        long pid = Processes.spawn(s.command(bench, List.of(marker, "-XX:AOTCacheOutput=" + aot)),
                bench.repo().resolve(s.module()), log(bench, s));
        try {
            awaitReady(bench, s, pid);
            for (int i = 0; i < 50; i++) {
                get(bench, s, "/q/health/ready");
                get(bench, s, "/q/metrics");
            }
        } finally {
            Processes.stop(pid, marker, Duration.ofSeconds(60));
        }
        if (!Files.exists(aot)) {
            throw new LaunchException("the training run of " + s.module() + " wrote no AOT cache; see " + log(bench, s));
        }
    }

    private double timeToReady(PlatformConfig bench, Service s, List<String> options) {
        String marker = "-Dvigil-instance=startup-" + UUID.randomUUID();
        List<String> jvm = new ArrayList<>(List.of(marker));
        jvm.addAll(options);
        long t0 = System.nanoTime();
        long pid = Processes.spawn(s.command(bench, jvm), bench.repo().resolve(s.module()), log(bench, s));
        try {
            awaitReady(bench, s, pid);
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            Processes.stop(pid, marker, Duration.ofSeconds(30));
        }
    }

    private void awaitReady(PlatformConfig bench, Service s, long pid) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (get(bench, s, "/q/health/ready") != 200) {
            if (Processes.exited(pid)) {
                throw new LaunchException(s.module() + " exited; last lines of " + log(bench, s) + ":\n"
                        + Processes.tail(log(bench, s), 20));
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException(s.module() + " not ready within " + READY_TIMEOUT.toSeconds() + " s");
            }
            Processes.sleep(10);
        }
    }

    private int get(PlatformConfig bench, Service s, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port(bench) + path))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted");
        }
    }

    private static Path log(PlatformConfig bench, Service s) {
        return bench.stateDir().resolve(s.module() + ".log");
    }

    private void write(List<String> rows) throws IOException {
        String cpus = Integer.toString(Runtime.getRuntime().availableProcessors());
        String doc = String.join("\n",
                "# Start-up: plain JVM vs JDK AOT cache",
                "",
                "Time from process start to the first successful request (`/q/health/ready` = 200: database,",
                "Kafka and model checked), median of " + runs + " runs per mode, alternating, seconds (min–max).",
                "Measured by `bin/vigil startup-bench` on " + Instant.now().toString().substring(0, 10) + ", "
                        + cpus + " CPUs, JDK " + Runtime.version().feature() + ", next to a running platform"
                        + " (its PostgreSQL, a Kafka broker of its own); the machine is shared, so compare the ratio"
                        + " more than the seconds.",
                "The AOT cache is recorded by a training run (`-XX:AOTCacheOutput`) that starts the service and"
                        + " exercises readiness; `bin/vigil up` and the `Dockerfile.jvm-aot` images use it when"
                        + " present (`-XX:AOTCache=app.aot`).",
                "",
                "| service | plain JVM | with AOT cache | ratio |",
                "|---|---:|---:|---:|",
                String.join("\n", rows),
                "");
        Path out = platform.repo().resolve("docs/startup.md");
        Files.writeString(out, doc);
        System.out.println("wrote " + out);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
