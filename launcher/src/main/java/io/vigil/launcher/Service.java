package io.vigil.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four services, in start order (providers before their callers), and how each is configured. */
public enum Service {
    ML_ENGINE("ml-engine", null),
    ENRICHMENT("enrichment-service", "enrichment"),
    SAGA("saga-orchestrator", "saga"),
    GATEWAY("gateway", null);

    public static final List<Service> START_ORDER = List.of(ML_ENGINE, ENRICHMENT, SAGA, GATEWAY);

    private final String module;
    private final String database;

    Service(String module, String database) {
        this.module = module;
        this.database = database;
    }

    public String module() {
        return module;
    }

    /** Short database name, or null for a stateless service. */
    public String database() {
        return database;
    }

    public int port(PlatformConfig c) {
        return switch (this) {
            case GATEWAY -> c.gatewayPort();
            case ENRICHMENT -> c.enrichmentPort();
            case ML_ENGINE -> c.mlEnginePort();
            case SAGA -> c.sagaPort();
        };
    }

    /** The packaged application. */
    public Path jar(PlatformConfig c) {
        return c.repo().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Where a JDK AOT cache for this service lives; used when present (see bin/vigil startup-bench). */
    public Path aotCache(PlatformConfig c) {
        return jar(c).resolveSibling("app.aot");
    }

    /** The java command line that runs this service; {@code jvmOptions} come before {@code -jar}. */
    public List<String> command(PlatformConfig c, List<String> jvmOptions) {
        // A fixed 80 MB young generation: with -Xms64m alone eden stayed at 17.5 MB, a 5-6 ms collection
        // about every second per service at 100 tx/s, which every request in flight waits out.
        List<String> command = new ArrayList<>(
                List.of(Processes.java(), "-Xms128m", "-Xmn80m", "-Xmx768m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        properties(c).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar(c).toString());
        return command;
    }

    /** System properties the service is started with; see docs/architecture.md. */
    public Map<String, String> properties(PlatformConfig c) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", Integer.toString(port(c)));
        p.put("quarkus.http.host", "127.0.0.1");
        if (database != null) {
            String db = c.database(database);
            p.put("quarkus.datasource.reactive.url", c.postgres().reactiveUrl(db));
            p.put("quarkus.datasource.jdbc.url", c.postgres().jdbcUrl(db));
            p.put("quarkus.datasource.username", c.postgres().user());
            p.put("quarkus.datasource.password", c.postgres().password());
        }
        if (this != ML_ENGINE) {
            p.put("kafka.bootstrap.servers", c.kafkaBootstrap());
        }
        // The local platform always offers the bare hop chain for bin/vigil bench; Kubernetes never does.
        if (this != SAGA) {
            p.put(this == ENRICHMENT ? "vigil.enrichment.bench.enabled" : "vigil.bench.enabled", "true");
        }
        // Four services share this machine's cores, so each runs fewer event loops than Vert.x's two per
        // core: each loop then serves more ready sockets per wake-up. On 2 cores, one loop per service
        // instead of up to four: -7 % CPU per transaction and a lower p99 at 250 tx/s (docs/benchmarks.md).
        // Containers (compose, Kubernetes) keep the default, sized from their own CPUs.
        p.put("quarkus.vertx.event-loops-pool-size", Integer.toString(eventLoops()));
        String local = "http://127.0.0.1:";
        switch (this) {
            case ENRICHMENT -> p.put("quarkus.rest-client.ml-engine.url", local + c.mlEnginePort());
            case GATEWAY -> {
                p.put("quarkus.rest-client.enrichment.url", local + c.enrichmentPort());
                p.put("quarkus.rest-client.saga.url", local + c.sagaPort());
                p.put("mp.jwt.verify.publickey.location", c.jwtPublicKey().toAbsolutePath().toString());
                p.put("mp.jwt.verify.issuer", PlatformConfig.JWT_ISSUER);
                p.put("mp.jwt.verify.audiences", PlatformConfig.JWT_AUDIENCE);
            }
            default -> {}
        }
        String otlp = System.getenv("VIGIL_OTLP_ENDPOINT");
        if (otlp != null && !otlp.isBlank()) {
            p.put("quarkus.otel.exporter.otlp.endpoint", otlp);
        }
        c.extraProperties().forEach((k, v) -> {
            String prefix = module + ":";
            if (k.startsWith(prefix)) {
                p.put(k.substring(prefix.length()), v);
            } else if (!k.contains(":")) {
                p.put(k, v);
            }
        });
        return p;
    }

    static int eventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
