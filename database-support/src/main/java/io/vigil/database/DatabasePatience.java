package io.vigil.database;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries consumed work for as long as the database is out of reach (restarting, failing over, out of
 * connections): that says nothing about the record, so it must neither use up the record's attempts nor send
 * a valid record to the dead-letter topic, which would lose it. The partition waits meanwhile, as it must.
 */
public final class DatabasePatience {

    private static final Logger LOG = Logger.getLogger(DatabasePatience.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private DatabasePatience() {}

    public static <T> Uni<T> patiently(String what, Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure(DatabaseFailures::unavailable).invoke(e -> LOG.warnf(
                        "database unavailable while processing %s (%s); retrying", what, e.toString()))
                .onFailure(DatabaseFailures::unavailable).retry()
                .withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely();
    }
}
