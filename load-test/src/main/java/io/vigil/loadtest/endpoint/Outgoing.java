package io.vigil.loadtest.endpoint;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One POST to send: where, with which headers and body, how long to wait for its answer, and the transaction id it
 * carries (to match its saga's decision).
 */
public record Outgoing(URI uri, Map<String, String> headers, String body, Duration timeout, String transactionId) {

    public Outgoing {
        headers = Map.copyOf(headers);
    }
}
