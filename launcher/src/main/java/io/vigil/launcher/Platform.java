package io.vigil.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The local platform: Kafka, PostgreSQL databases and the four services as separate processes.
 * What it started is written to {@code <stateDir>/run/platform.properties} as it goes, so
 * {@link #stop()} (or {@code bin/vigil down} from another shell) stops exactly that and nothing
 * else: each process carries a {@code -Dvigil-instance=} marker that is checked before signalling.
 */
public final class Platform {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("VIGIL_READY_TIMEOUT_SECONDS", "180")));
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Owns no data: warm-up reads find nothing and write nothing. */
    private static final String WARM_UP_TENANT = "vigil-warm-up";
    private static final String ANOTHER_START = "another 'bin/vigil up' is starting Vigil from ";

    private final PlatformConfig config;
    private final Path stateFile;
    private final Properties state;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Held while a process is spawned and recorded, so that an abort finds every process recorded. */
    private final Object spawning = new Object();
    private boolean aborted;

    private Platform(PlatformConfig config, Properties state) {
        this.config = config;
        this.stateFile = config.stateDir().resolve("run/platform.properties");
        this.state = state;
    }

    public PlatformConfig config() {
        return config;
    }

    /** The platform recorded in the state directory, if any of its processes still runs. */
    public static Optional<Platform> attach(PlatformConfig config) {
        Path file = config.stateDir().resolve("run/platform.properties");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Platform platform = new Platform(config, p);
        return platform.anyAlive() || platform.privatePostgres() && new Postgres(config).privateClusterRunning()
                ? Optional.of(platform)
                : Optional.empty();
    }

    /**
     * Starts everything and waits until every service is ready. On any failure, stops what it had
     * started and throws a {@link LaunchException} with the reason.
     */
    public static Platform start(PlatformConfig config, Consumer<String> out) {
        try (FileChannel lock = FileChannel.open(startLock(config), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            if (lock.tryLock() == null) {
                throw new LaunchException(ANOTHER_START + config.stateDir());
            }
            return startAlone(config, out);
        } catch (OverlappingFileLockException e) {
            throw new LaunchException(ANOTHER_START + config.stateDir());
        } catch (IOException e) {
            throw new LaunchException("cannot lock start-up in " + config.stateDir() + ": " + e.getMessage());
        }
    }

    /** Held while one start-up runs, so that two cannot both find nothing running and start everything twice. */
    static Path startLock(PlatformConfig config) throws IOException {
        Path run = Files.createDirectories(config.stateDir().resolve("run"));
        return run.resolve("start.lock");
    }

    private static Platform startAlone(PlatformConfig config, Consumer<String> out) {
        if (attach(config).isPresent()) {
            throw new LaunchException("Vigil is already running from " + config.stateDir()
                    + " (see 'bin/vigil status'; stop it with 'bin/vigil down')");
        }
        checkPortsFree(config);
        checkBuilt(config);
        Properties state = new Properties();
        state.setProperty("marker", "-Dvigil-instance=" + UUID.randomUUID());
        Platform platform = new Platform(config, state);
        // Ctrl-C or a kill while starting: the children run in sessions of their own and would outlive us
        Thread abort = new Thread(platform::abort, "vigil-abort-start");
        Runtime.getRuntime().addShutdownHook(abort);
        try {
            platform.launch(out);
            return platform;
        } catch (RuntimeException e) {
            if (e instanceof LaunchException le && le.pid() > 0) {
                Processes.stop(le.pid(), platform.marker(), STOP_GRACE);
            }
            out.accept("start-up failed; stopping what was started");
            platform.stop();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(abort);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops what was started
            }
        }
    }

    /** Stops what start-up has spawned so far, and keeps it from spawning more. */
    private void abort() {
        synchronized (spawning) {
            aborted = true;
        }
        stop();
    }

    /** Spawns a process and records its pid before anything else can happen, unless start-up was aborted. */
    private long spawnRecorded(String component, Spawn spawn) {
        synchronized (spawning) {
            requireNotAborted();
            long pid = spawn.start();
            record(component, pid);
            return pid;
        }
    }

    /** The caller holds {@link #spawning}. */
    private void requireNotAborted() {
        if (aborted) {
            throw new LaunchException("start-up interrupted");
        }
    }

    @FunctionalInterface
    private interface Spawn {
        long start();
    }

    private void launch(Consumer<String> out) {
        try {
            Files.createDirectories(config.logs());
            Files.createDirectories(stateFile.getParent());
        } catch (IOException e) {
            throw new LaunchException("cannot create " + config.stateDir() + ": " + e.getMessage());
        }
        save();

        Postgres postgres = new Postgres(config);
        long t0 = System.nanoTime();
        boolean privateCluster;
        synchronized (spawning) {
            requireNotAborted();
            privateCluster = postgres.ensureServer(() -> {
                state.setProperty("postgres.private", "true");
                save();
            });
        }
        if (privateCluster) {
            out.accept("PostgreSQL: started a private cluster in " + postgres.privateDataDir());
        }
        postgres.createDatabases();
        out.accept("PostgreSQL: " + config.postgres().host() + ":" + config.postgres().port() + " databases "
                + config.databasePrefix() + "_{enrichment,saga} ready");
        if (!postgres.autovacuumOn()) {
            out.accept("warning: this PostgreSQL server runs with autovacuum off, so nothing analyzes the platform's"
                    + " tables: the services keep query plans made on empty tables (sequential scans) and slow down as"
                    + " the tables grow. 'bin/vigil bench' runs VACUUM ANALYZE before each warm-up round and step;"
                    + " otherwise run 'vacuumdb --all --analyze' now and then, or turn autovacuum on.");
        }

        KafkaBroker kafka = new KafkaBroker(config);
        long kafkaPid = spawnRecorded(KafkaBroker.COMPONENT, () -> {
            try {
                return kafka.spawn(marker());
            } catch (IOException e) {
                throw new LaunchException("Kafka could not start: " + e.getMessage());
            }
        });
        kafka.awaitReady(kafkaPid, KAFKA_TIMEOUT);
        out.accept(String.format("Kafka: %s ready with %d topics (%.1f s)", config.kafkaBootstrap(),
                io.vigil.contracts.Topics.ALL.size(), (System.nanoTime() - t0) / 1e9));

        for (Service s : Service.START_ORDER) {
            spawnRecorded(s.module(), () -> spawnService(s));
        }
        for (Service s : Service.START_ORDER) {
            awaitReady(s);
            out.accept(String.format("%-18s http://127.0.0.1:%d ready (%.1f s)", s.module(), s.port(config),
                    (System.nanoTime() - t0) / 1e9));
        }
        warmUp();
        synchronized (spawning) {
            requireNotAborted();
        }
        out.accept(String.format("warmed up the request paths (%.1f s)", (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Sends side-effect-free requests through every hop (token check, REST clients, connection pools,
     * feature query, scoring) so that the first real transaction does not pay the JVMs' cold start and
     * run into the services' own timeouts. Reads use a tenant that owns no data.
     */
    private void warmUp() {
        String token = DevToken.sign(config.repo().resolve("config/dev/jwt-dev-private.pem"), "vigil-launcher",
                WARM_UP_TENANT, List.of("transactions:write", "analyst"), Duration.ofMinutes(5));
        String score = "{\"transaction\":{\"tenant\":\"" + WARM_UP_TENANT + "\",\"transactionId\":\"warm-up\","
                + "\"walletId\":\"warm-up\",\"amount\":10.00,\"currency\":\"EUR\",\"merchantId\":\"m\","
                + "\"merchantCategory\":\"5411\",\"channel\":\"ECOM\",\"country\":\"FR\",\"deviceId\":\"d\","
                + "\"ipAddress\":\"192.0.2.1\",\"occurredAt\":\"2026-01-01T00:00:00Z\"},\"features\":{\"amount\":10.0}}";
        for (int i = 0; i < 30; i++) {
            send(HttpRequest.newBuilder(uri(Service.ML_ENGINE, "/v1/score"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(score)));
            send(HttpRequest.newBuilder(uri(Service.ENRICHMENT, "/v1/wallets/warm-up/features"))
                    .header(io.vigil.contracts.Headers.TENANT, WARM_UP_TENANT));
            send(HttpRequest.newBuilder(uri(Service.GATEWAY, "/v1/transactions/warm-up"))
                    .header("Authorization", "Bearer " + token));
            // the bench-mode chain warms the REST clients between the services and the Kafka producer
            send(HttpRequest.newBuilder(uri(Service.GATEWAY, "/bench/hop"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"warmUp\":true}")));
        }
    }

    private URI uri(Service s, String path) {
        return URI.create("http://127.0.0.1:" + s.port(config) + path);
    }

    private void send(HttpRequest.Builder request) {
        try {
            http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // a warm-up request that fails only means the first real one will be slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long spawnService(Service s) {
        List<String> jvmOptions = new ArrayList<>(List.of(marker()));
        Path aot = s.aotCache(config);
        if (Files.exists(aot)) {
            jvmOptions.add("-XX:AOTCache=" + aot);
        }
        return Processes.spawn(s.command(config, jvmOptions), config.repo().resolve(s.module()), log(s));
    }

    private void awaitReady(Service s) {
        long pid = Long.parseLong(state.getProperty(s.module()));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (Processes.exited(pid)) {
                throw new LaunchException(s.module() + " exited during start-up; last lines of " + log(s) + ":\n"
                        + Processes.tail(log(s), 25));
            }
            if (readiness(s).startsWith("UP")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException(s.module() + " not ready after " + READY_TIMEOUT.toSeconds()
                        + " s: " + readiness(s) + "\nlast lines of " + log(s) + ":\n" + Processes.tail(log(s), 25));
            }
            Processes.sleep(250);
        }
    }

    /** "UP", or "DOWN ..." / "NOT RUNNING" with the reason. */
    public String readiness(Service s) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + s.port(config) + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "UP" : "DOWN " + r.body().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "NOT RUNNING (no answer on port " + s.port(config) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNKNOWN";
        }
    }

    /** Component name to a one-line health, for {@code bin/vigil status}. */
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        Postgres postgres = new Postgres(config);
        status.put("postgresql", (postgres.reachable() ? "UP" : "DOWN") + "  " + config.postgres().host() + ":"
                + config.postgres().port() + (privatePostgres() ? " (private)" : ""));
        status.put("kafka", (alive(KafkaBroker.COMPONENT) && new KafkaBroker(config).healthy() ? "UP" : "DOWN") + "  "
                + config.kafkaBootstrap() + pidNote(KafkaBroker.COMPONENT));
        for (Service s : Service.START_ORDER) {
            String health = alive(s.module()) ? readiness(s) : "NOT RUNNING";
            status.put(s.module(), health + "  http://127.0.0.1:" + s.port(config) + pidNote(s.module()));
        }
        return status;
    }

    public boolean allUp() {
        return status().values().stream().allMatch(v -> v.startsWith("UP"));
    }

    /** Stops the services (callers first), then Kafka, then a private PostgreSQL; removes the state file. */
    public void stop() {
        List<String> order = new ArrayList<>();
        for (Service s : Service.START_ORDER.reversed()) {
            order.add(s.module());
        }
        List<Thread> stopping = new ArrayList<>();
        for (String component : order) {
            String pid = state.getProperty(component);
            if (pid != null) {
                stopping.add(Thread.ofVirtual().start(() -> Processes.stop(Long.parseLong(pid), marker(), STOP_GRACE)));
            }
        }
        stopping.forEach(t -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String kafka = state.getProperty(KafkaBroker.COMPONENT);
        if (kafka != null) {
            Processes.stop(Long.parseLong(kafka), marker(), STOP_GRACE);
        }
        if (privatePostgres()) {
            new Postgres(config).stopPrivateCluster();
        }
        try {
            Files.deleteIfExists(stateFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the platform's databases; for throwaway platforms such as the system tests'. */
    public void dropDatabases() {
        new Postgres(config).dropDatabases();
    }

    /** Kills one service with SIGKILL (system tests: crash recovery). */
    public void kill(Service s) {
        Processes.kill(Long.parseLong(state.getProperty(s.module())), marker());
    }

    /** Kills the Kafka broker with SIGKILL (system tests: broker crash). */
    public void killKafka() {
        Processes.kill(Long.parseLong(state.getProperty(KafkaBroker.COMPONENT)), marker());
    }

    /**
     * Starts the Kafka broker again on the same ports and data directory (stopping it first if it still
     * runs) and waits until it answers; the services' clients reconnect by themselves.
     */
    public void restartKafka() {
        Processes.stop(Long.parseLong(state.getProperty(KafkaBroker.COMPONENT)), marker(), STOP_GRACE);
        KafkaBroker kafka = new KafkaBroker(config);
        try {
            record(KafkaBroker.COMPONENT, kafka.start(marker(), KAFKA_TIMEOUT));
        } catch (IOException e) {
            throw new LaunchException("Kafka could not start again: " + e.getMessage());
        }
        long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
        while (!kafka.healthy()) {
            if (System.nanoTime() > deadline) {
                throw new LaunchException("Kafka restarted but does not answer:\n" + Processes.tail(kafka.log(), 20));
            }
            Processes.sleep(250);
        }
    }

    /** Starts one service again and waits until it is ready. */
    public void restart(Service s) {
        Processes.stop(Long.parseLong(state.getProperty(s.module())), marker(), STOP_GRACE);
        record(s.module(), spawnService(s));
        awaitReady(s);
    }

    public Path log(Service s) {
        return config.logs().resolve(s.module() + ".log");
    }

    private String marker() {
        return state.getProperty("marker");
    }

    private boolean alive(String component) {
        String pid = state.getProperty(component);
        return pid != null && Processes.isOurs(Long.parseLong(pid), marker());
    }

    private boolean privatePostgres() {
        return "true".equals(state.getProperty("postgres.private"));
    }

    private boolean anyAlive() {
        return state.stringPropertyNames().stream()
                .filter(k -> !k.equals("marker") && !k.startsWith("postgres."))
                .anyMatch(this::alive);
    }

    private String pidNote(String component) {
        String pid = state.getProperty(component);
        return pid == null ? "" : "  pid " + pid;
    }

    private void record(String component, long pid) {
        state.setProperty(component, Long.toString(pid));
        save();
    }

    private void save() {
        try {
            Files.createDirectories(stateFile.getParent());
            try (OutputStream o = Files.newOutputStream(stateFile)) {
                state.store(o, "processes started by bin/vigil up; read by bin/vigil down/status");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkPortsFree(PlatformConfig c) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Kafka", c.kafkaPort());
        ports.put("Kafka controller", c.kafkaControllerPort());
        for (Service s : Service.START_ORDER) {
            ports.put(s.module(), s.port(c));
        }
        List<String> taken = new ArrayList<>();
        ports.forEach((name, port) -> {
            if (!Ports.isFree(port)) {
                taken.add(name + " port " + port);
            }
        });
        if (!taken.isEmpty()) {
            throw new LaunchException("port already in use: " + String.join(", ", taken)
                    + ". Nothing was started. Free it (ss -ltnp shows who holds it) or choose other ports with"
                    + " VIGIL_GATEWAY_PORT, VIGIL_ENRICHMENT_PORT, VIGIL_ML_ENGINE_PORT, VIGIL_SAGA_PORT,"
                    + " VIGIL_KAFKA_PORT, VIGIL_KAFKA_CONTROLLER_PORT.");
        }
    }

    private static void checkBuilt(PlatformConfig c) {
        for (Service s : Service.START_ORDER) {
            Path app = s.jar(c);
            if (!Files.exists(app)) {
                throw new LaunchException(app + " is missing: build with ./mvnw package -DskipTests");
            }
        }
    }
}
