package io.vigil.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * A fresh, uniquely named database on the local PostgreSQL server ({@code VIGIL_PG_HOST},
 * {@code VIGIL_PG_PORT}, {@code VIGIL_PG_USER}, defaults 127.0.0.1:5432 postgres), so tests never
 * touch the databases of a platform started by {@code bin/vigil up}. {@link #drop()} removes it.
 */
public final class PostgresDatabase {

    private static final String USER = "VIGIL_PG_USER";
    private static final String DEFAULT_USER = "postgres";
    private static final String PASSWORD = "VIGIL_PG_PASSWORD";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;

    private PostgresDatabase(String host, int port, String user, String password, String name) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static PostgresDatabase create(String prefix) {
        String host = env("VIGIL_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("VIGIL_PG_PORT", "5432"));
        String user = env(USER, DEFAULT_USER);
        String password = env(PASSWORD, "");
        String name = (prefix + "_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        PostgresDatabase db = new PostgresDatabase(host, port, user, password, name);
        db.admin("CREATE DATABASE " + name);
        return db;
    }

    public String name() {
        return name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** URL for the Vert.x reactive client. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** A connection to a test database by its JDBC URL, as the user every test database is created by. */
    public static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, env(USER, DEFAULT_USER), env(PASSWORD, ""));
    }

    /**
     * Applies the Flyway migrations on the classpath ({@code db/migration}) up to {@code version}, or all of them
     * when it is null: a migration test brings a database to the version before it, writes what an earlier
     * release would have, then migrates the rest.
     */
    public void migrate(String version) {
        FluentConfiguration config = Flyway.configure()
                .dataSource(jdbcUrl(), user, password)
                .locations("classpath:db/migration");
        (version == null ? config : config.target(version)).load().migrate();
    }

    public void drop() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " as " + user + " refused: " + sql
                    + " (" + e.getMessage() + "). Is the server running? See README, Prerequisites.", e);
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
