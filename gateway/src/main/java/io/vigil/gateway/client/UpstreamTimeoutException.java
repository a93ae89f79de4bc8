package io.vigil.gateway.client;

/**
 * The upstream took longer than its client's read timeout ({@code quarkus.rest-client.<name>.read-timeout}).
 * The REST client cuts the call on the event loop's own timer and closes the request, so the call frees its
 * bulkhead slot at once; not retried, since a slow upstream would only get slower.
 */
public class UpstreamTimeoutException extends RuntimeException {

    UpstreamTimeoutException(String upstream, Throwable cause) {
        super(upstream + " did not answer in time: " + cause, cause, false, false);
    }
}
