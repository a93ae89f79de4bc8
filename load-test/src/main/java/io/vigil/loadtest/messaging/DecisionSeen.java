package io.vigil.loadtest.messaging;

import io.vigil.contracts.Decision;

/**
 * One {@code DecisionEvent} read from {@code vigil.decisions}, reduced to what the benchmark needs.
 *
 * @param publishedEpochMillis the record's timestamp: when the orchestrator published it
 */
public record DecisionSeen(String transactionId, Decision decision, Decision scoredDecision, long publishedEpochMillis) {}
