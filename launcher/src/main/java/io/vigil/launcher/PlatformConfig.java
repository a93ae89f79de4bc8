package io.vigil.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how the local platform runs. {@link #fromEnvironment(Path)} gives what {@code bin/vigil}
 * uses (fixed ports, overridable by environment); system tests build their own with free ports, a
 * private state directory and their own database names, so both can run side by side.
 *
 * @param repo the checkout: service jars are read from {@code <module>/target/quarkus-app}
 * @param stateDir logs, broker data, pid file (git-ignored)
 * @param databasePrefix database names are {@code <prefix>_enrichment} and {@code <prefix>_saga}
 * @param jwtPublicKey the key the gateway verifies tokens with (the dev-only key for bin/vigil)
 */
public record PlatformConfig(
        Path repo,
        Path stateDir,
        int gatewayPort,
        int enrichmentPort,
        int mlEnginePort,
        int sagaPort,
        int kafkaPort,
        int kafkaControllerPort,
        PostgresTarget postgres,
        String databasePrefix,
        Path jwtPublicKey,
        Map<String, String> extraProperties) {

    public static final String JWT_ISSUER = "https://vigil.local/dev";
    public static final String JWT_AUDIENCE = "vigil-api";

    /** A PostgreSQL server to use (or to start privately when nothing answers there). */
    public record PostgresTarget(String host, int port, String user, String password) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String reactiveUrl(String database) {
            return "postgresql://" + host + ":" + port + "/" + database;
        }
    }

    public static PlatformConfig fromEnvironment(Path repo) {
        Map<String, String> env = System.getenv();
        return new PlatformConfig(
                repo,
                repo.resolve(".vigil"),
                port(env, "VIGIL_GATEWAY_PORT", 8080),
                port(env, "VIGIL_ENRICHMENT_PORT", 8081),
                port(env, "VIGIL_ML_ENGINE_PORT", 8082),
                port(env, "VIGIL_SAGA_PORT", 8083),
                port(env, "VIGIL_KAFKA_PORT", 9092),
                port(env, "VIGIL_KAFKA_CONTROLLER_PORT", 9093),
                postgresFromUrl(env.getOrDefault("VIGIL_PG_URL", "postgresql://postgres@127.0.0.1:5432")),
                env.getOrDefault("VIGIL_DB_PREFIX", "vigil"),
                repo.resolve("config/dev/jwt-dev-public.pem"),
                Map.of());
    }

    /** Parses {@code postgresql://user[:password]@host[:port]}. */
    static PostgresTarget postgresFromUrl(String url) {
        String rest = url.replaceFirst("^(postgres(ql)?|jdbc:postgresql)://", "");
        String user = "postgres";
        String password = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = colon < 0 ? credentials : credentials.substring(0, colon);
            password = colon < 0 ? "" : credentials.substring(colon + 1);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        int colon = rest.lastIndexOf(':');
        String host = colon < 0 ? rest : rest.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(rest.substring(colon + 1));
        return new PostgresTarget(host, port, user, password);
    }

    public String database(String service) {
        return databasePrefix + "_" + service;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public Path logs() {
        return stateDir.resolve("logs");
    }

    private static int port(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
