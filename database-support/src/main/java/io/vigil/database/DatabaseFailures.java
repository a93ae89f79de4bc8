package io.vigil.database;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;

/** Tells a database that is momentarily out of reach from an error about the work itself. */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    /**
     * True for a refused or dropped connection, and for the SQLSTATE classes 08 (connection exception), 53
     * (insufficient resources: too many connections) and 57P0x (shutting down, starting up), anywhere in the
     * cause chain.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && unavailable(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P0x (shutdown, start-up). */
    public static boolean unavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("57P0"));
    }
}
