package io.vigil.saga.repository;

import io.vertx.pgclient.PgException;

/** Another transition saved the saga first; the caller reloads and tries again. */
public class ConcurrentUpdateException extends RuntimeException {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";

    public ConcurrentUpdateException(String sagaId, long expectedVersion) {
        super("saga " + sagaId + " changed since version " + expectedVersion);
    }

    /** True for a lost optimistic-lock race or a concurrent insert of the same key: safe to retry. */
    public static boolean isRetryable(Throwable t) {
        if (t instanceof ConcurrentUpdateException) {
            return true;
        }
        return t instanceof PgException pg
                && (UNIQUE_VIOLATION.equals(pg.getSqlState()) || SERIALIZATION_FAILURE.equals(pg.getSqlState()));
    }
}
