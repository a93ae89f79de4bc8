package io.vigil.gateway.client;

/** The upstream could not be reached or gave no HTTP answer (connection refused, reset or closed, DNS). */
public class UpstreamUnavailableException extends RuntimeException {

    private final String upstream;

    UpstreamUnavailableException(String upstream, Throwable cause) {
        super(upstream + " unreachable: " + cause, cause, false, false);
        this.upstream = upstream;
    }

    public String upstream() {
        return upstream;
    }
}
