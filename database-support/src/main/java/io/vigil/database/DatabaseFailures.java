package io.vigil.database;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;

/** Tells a database that is momentarily out of reach from an error about the work itself. */
public final class DatabaseFailures {

    /**
     * What Vert.x fails a statement, and a transaction's request for a connection of its own, with when no
     * connection of the pool came free within its connection timeout; only the messages tell these apart from
     * other failures of the same classes (DatabaseFailuresTest pins both).
     */
    static final String STATEMENT_WAIT_TIMEOUT = "Timeout waiting for connection";
    static final String CONNECTION_WAIT_TIMEOUT = "Timeout";

    private DatabaseFailures() {}

    /**
     * True for a refused or dropped connection, for a pool that waited its whole connection timeout for a
     * connection (every connection hung or busy: a database that stopped answering without closing them), and
     * for the SQLSTATE classes 08 (connection exception), 53 (insufficient resources: too many connections) and
     * 57P0x (shutting down, starting up), anywhere in the cause chain.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof VertxException && STATEMENT_WAIT_TIMEOUT.equals(t.getMessage())
                    || t instanceof NoStackTraceThrowable && CONNECTION_WAIT_TIMEOUT.equals(t.getMessage())) {
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
