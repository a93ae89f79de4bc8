package io.vigil.gateway.client;

import com.fasterxml.jackson.core.JacksonException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Gives every upstream call one of four failures the REST layer maps: {@link UpstreamException} for an
 * error status (from the client exception mappers), {@link UpstreamBadResponseException} for a 2xx the
 * gateway cannot use, {@link UpstreamTimeoutException} when the client's read timeout cut the call,
 * {@link UpstreamUnavailableException} when no HTTP answer came (refused, reset, closed mid-answer). Runs
 * inside the fault-tolerance guards, so retries and the circuit see these types.
 */
final class UpstreamCalls {

    private UpstreamCalls() {}

    /** {@code complete} rejects an answer that parsed but lacks what the gateway relies on. */
    static <T> Uni<T> guard(String upstream, Uni<T> call, Predicate<T> complete) {
        return call
                .invoke(body -> {
                    if (body == null) {
                        throw new UpstreamBadResponseException(upstream, "an empty body", null);
                    }
                    if (!complete.test(body)) {
                        throw new UpstreamBadResponseException(upstream, "a body without its required fields", null);
                    }
                })
                .onFailure(failure -> !(failure instanceof UpstreamException
                        || failure instanceof UpstreamBadResponseException))
                .transform(failure -> timedOut(failure)
                        ? new UpstreamTimeoutException(upstream, failure)
                        : unreadable(failure)
                        ? new UpstreamBadResponseException(upstream, "a body it cannot read", failure)
                        : new UpstreamUnavailableException(upstream, failure));
    }

    /** Vert.x fails a request that outlived its timeout with a {@link TimeoutException}, wrapped by the client. */
    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The answer arrived but could not be read: Jackson failed, the client refused the status or no
     * reader takes the media type. I/O errors below that are the connection's, not the body's.
     */
    private static boolean unreadable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException || cause instanceof WebApplicationException) {
                return true;
            }
            if (cause instanceof IOException) {
                return false;
            }
        }
        return failure instanceof ProcessingException;
    }
}
