package io.vigil.launcher;

import java.nio.file.Path;

/**
 * Stands in for autovacuum on a PostgreSQL server that has it turned off, as some shared development servers do.
 * There nothing ever analyzes the platform's tables: the services' prepared statements keep the generic plans made
 * when the tables were empty (sequential scans, a few milliseconds each once the tables hold thousands of rows) and
 * index-only scans never find all-visible pages. A benchmark on such a server would measure that, not the platform.
 */
public final class DatabaseUpkeep {

    private final Postgres postgres;

    private DatabaseUpkeep(Postgres postgres) {
        this.postgres = postgres;
    }

    /** For the databases {@code bin/vigil up} uses from this checkout and environment. */
    public static DatabaseUpkeep forRepo(Path repo) {
        return new DatabaseUpkeep(new Postgres(PlatformConfig.fromEnvironment(repo)));
    }

    public boolean autovacuumOff() {
        return !postgres.autovacuumOn();
    }

    /** VACUUM (ANALYZE) of the platform's databases; a {@link LaunchException} says why it could not. */
    public void vacuumAnalyze() {
        postgres.vacuumAnalyze();
    }
}
