package io.vigil.gateway.client;

import io.smallrye.mutiny.Uni;

/** The upstream could not be reached or gave no HTTP answer (connection refused, reset, DNS). */
public class UpstreamUnavailableException extends RuntimeException {

    private final String upstream;

    UpstreamUnavailableException(String upstream, Throwable cause) {
        super(upstream + " unreachable: " + cause, cause, false, false);
        this.upstream = upstream;
    }

    public String upstream() {
        return upstream;
    }

    /** Connection-level failures become this type; HTTP error answers stay {@link UpstreamException}s. */
    static <T> Uni<T> guard(String upstream, Uni<T> call) {
        return call.onFailure(failure -> !(failure instanceof UpstreamException))
                .transform(failure -> new UpstreamUnavailableException(upstream, failure));
    }
}
