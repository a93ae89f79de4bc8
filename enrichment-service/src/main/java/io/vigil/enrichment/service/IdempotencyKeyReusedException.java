package io.vigil.enrichment.service;

/** The Idempotency-Key already decided another request (another body): answered with 409, nothing written. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException() {
        super("This Idempotency-Key was already used with a different request body", null, false, false);
    }
}
