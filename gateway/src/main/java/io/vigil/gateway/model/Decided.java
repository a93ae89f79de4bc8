package io.vigil.gateway.model;

import io.vigil.contracts.Decision;

/**
 * enrichment-service's answer to a submission: its body (a {@code DecisionResponse}, passed on to the client
 * byte for byte), the transaction id and decision read from it, and whether it was stored before (a retry
 * with the same Idempotency-Key, or a transaction decided already) rather than decided by this request.
 */
public record Decided(byte[] body, String transactionId, Decision decision, boolean replayed) {}
