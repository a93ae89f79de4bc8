package io.vigil.gateway.model;

/** A stored idempotency key; {@code response} is null while the first request is in progress. */
public record IdempotencyRecord(String requestHash, State state, StoredResponse response) {

    public enum State {
        IN_PROGRESS,
        COMPLETED
    }
}
