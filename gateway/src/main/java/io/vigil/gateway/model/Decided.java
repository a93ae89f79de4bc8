package io.vigil.gateway.model;

import io.vigil.contracts.DecisionResponse;

/**
 * enrichment-service's answer to a submission: the decision, and whether it was stored before (a retry
 * with the same Idempotency-Key, or a transaction decided already) rather than decided by this request.
 */
public record Decided(DecisionResponse decision, boolean replayed) {}
