package io.vigil.launcher;

import io.vigil.launcher.PlatformConfig.PostgresTarget;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes sure a PostgreSQL server answers and the platform's databases exist. Schemas are migrated
 * by each service's Flyway at start-up. When nothing answers on a local address and PostgreSQL's
 * binaries are installed, a private cluster is created under the state directory.
 */
final class Postgres {

    private static final long START_TIME_TOLERANCE_SECONDS = 60;
    /** pgjdbc's SQLState when no server accepts the connection at all (connection refused, unknown host). */
    private static final String NOTHING_LISTENS = "08001";

    private final PlatformConfig config;

    Postgres(PlatformConfig config) {
        this.config = config;
    }

    boolean reachable() {
        return connectFailure() == null;
    }

    /** Why connecting fails, or null when a connection works. */
    private SQLException connectFailure() {
        try (Connection c = connect("postgres")) {
            return c.isValid(2) ? null : new SQLException("the connection did not answer", NOTHING_LISTENS);
        } catch (SQLException e) {
            return e;
        }
    }

    /**
     * Returns true when it started a private cluster (which {@code down} must stop); runs {@code starting}
     * first, so that the cluster is known to be the platform's before it runs.
     */
    boolean ensureServer(Runnable starting) {
        PostgresTarget pg = config.postgres();
        SQLException failure = connectFailure();
        if (failure == null) {
            return false;
        }
        if (!NOTHING_LISTENS.equals(failure.getSQLState())) {
            // a server answered (wrong role or password, still starting, not PostgreSQL): a private cluster
            // could not take its port, and the reason is the server's own message
            throw new LaunchException("PostgreSQL at " + pg.host() + ":" + pg.port() + " refused the connection: "
                    + failure.getMessage() + ". Point VIGIL_PG_URL at a server and role that can create databases,"
                    + " e.g. postgresql://postgres@127.0.0.1:5432");
        }
        boolean local = pg.host().equals("127.0.0.1") || pg.host().equals("localhost");
        Optional<Path> bin = findBinaries();
        if (!local || bin.isEmpty()) {
            throw new LaunchException("PostgreSQL does not answer at " + pg.host() + ":" + pg.port()
                    + (local ? " and no PostgreSQL binaries were found under /usr/lib/postgresql" : "")
                    + ". Start a server (Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start)"
                    + " or point VIGIL_PG_URL at one, e.g. postgresql://postgres@127.0.0.1:5432");
        }
        starting.run();
        startPrivateCluster(bin.get());
        return true;
    }

    void createDatabases() {
        try (Connection c = connect("postgres")) {
            for (String name : databases()) {
                try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    q.setString(1, name);
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new LaunchException("could not create the databases: " + e.getMessage());
        }
    }

    /** False on servers configured without autovacuum, where nothing analyzes or vacuums the platform's tables. */
    boolean autovacuumOn() {
        try (Connection c = connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW autovacuum")) {
            return rs.next() && rs.getString(1).equals("on");
        } catch (SQLException e) {
            throw new LaunchException("could not read PostgreSQL's autovacuum setting: " + e.getMessage());
        }
    }

    /** What autovacuum would have done by now: VACUUM (ANALYZE) of every database of the platform. */
    void vacuumAnalyze() {
        for (String name : databases()) {
            try (Connection c = connect(name); Statement st = c.createStatement()) {
                st.execute("VACUUM (ANALYZE)");
            } catch (SQLException e) {
                throw new LaunchException("could not vacuum " + name + ": " + e.getMessage());
            }
        }
    }

    /** Drops the platform's databases (system tests clean up after themselves). */
    void dropDatabases() {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            for (String name : databases()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new LaunchException("could not drop the databases: " + e.getMessage());
        }
    }

    /** The platform's database names, one per service that has a database, in start order. */
    private List<String> databases() {
        return Service.START_ORDER.stream()
                .filter(s -> s.database() != null)
                .map(s -> config.database(s.database()))
                .toList();
    }

    Connection connect(String database) throws SQLException {
        PostgresTarget pg = config.postgres();
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }

    Path privateDataDir() {
        return config.stateDir().resolve("postgres/data");
    }

    /**
     * Stops the private cluster if it still runs. One that is gone already (stopped by hand, or the machine
     * restarted) is left as it is: pg_ctl would fail on it and keep {@code bin/vigil down} from finishing.
     */
    void stopPrivateCluster() {
        if (privateClusterRunning()) {
            findBinaries().ifPresent(bin -> run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D",
                    privateDataDir().toString(), "-m", "fast", "stop"))));
        }
    }

    /**
     * Whether the private cluster's postmaster runs: the pid on the first line of its {@code postmaster.pid} is
     * alive and was started when the third line says. The file outlives a crash or a restart of the machine, after
     * which its pid may belong to another process, another postgres included.
     */
    boolean privateClusterRunning() {
        Path pidFile = privateDataDir().resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException e) {
            return false;
        } catch (AccessDeniedException e) {
            return true; // cannot tell (another user's cluster): treated as running, as it always was
        } catch (IOException e) {
            throw new LaunchException("could not read " + pidFile + ": " + e.getMessage());
        }
        try {
            Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.getFirst().trim()))
                    .filter(ProcessHandle::isAlive);
            if (postmaster.isEmpty()) {
                return false;
            }
            Optional<Instant> started = postmaster.get().info().startInstant();
            if (lines.size() < 3 || started.isEmpty()) {
                return true;
            }
            // generous: the start time the kernel reports moves with every step of the wall clock since
            long recorded = Long.parseLong(lines.get(2).trim());
            return Math.abs(started.get().getEpochSecond() - recorded) <= START_TIME_TOLERANCE_SECONDS;
        } catch (NumberFormatException | NoSuchElementException e) {
            throw new LaunchException(pidFile + " is not a postmaster.pid: " + e.getMessage());
        }
    }

    private void startPrivateCluster(Path bin) {
        Path data = privateDataDir();
        try {
            Files.createDirectories(data.getParent());
            chownToPostgres(data.getParent());
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                run(asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                        "-A", "trust", "-E", "UTF8")));
            }
            Path log = data.getParent().resolve("postgres.log");
            run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(),
                    "-w", "-o", "-p " + config.postgres().port() + " -k /tmp -c listen_addresses=127.0.0.1", "start")));
        } catch (IOException e) {
            throw new LaunchException("could not prepare a private PostgreSQL cluster: " + e.getMessage());
        }
        if (!reachable()) {
            throw new LaunchException("a private PostgreSQL cluster was started at " + data + " but does not answer");
        }
    }

    // initdb refuses to run as root, so the private cluster belongs to the postgres user.
    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void chownToPostgres(Path dir) {
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres", dir.toString()));
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new LaunchException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new LaunchException(String.join(" ", command) + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted");
        }
    }

    private static Optional<Path> findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
