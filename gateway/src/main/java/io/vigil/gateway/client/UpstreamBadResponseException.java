package io.vigil.gateway.client;

/**
 * The upstream answered with a success status but not with its contract: a body that is not JSON,
 * JSON of another shape, an empty body or another media type. A bad gateway, not a busy one.
 */
public class UpstreamBadResponseException extends RuntimeException {

    private final String upstream;

    UpstreamBadResponseException(String upstream, String what, Throwable cause) {
        super(upstream + " answered " + what + (cause == null ? "" : ": " + cause), cause, false, false);
        this.upstream = upstream;
    }

    public String upstream() {
        return upstream;
    }
}
