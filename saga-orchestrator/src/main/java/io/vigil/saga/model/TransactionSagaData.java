package io.vigil.saga.model;

import io.vigil.contracts.Decision;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Verdict;

/**
 * Data of one transaction saga: the scored transaction as received, and for a REVIEW the outcome of
 * the case ({@code verdict} null when it timed out). {@code finalDecision} is set once known.
 */
public record TransactionSagaData(
        ScoredTransaction scored, Verdict verdict, String resolvedBy, Decision finalDecision) {

    public static TransactionSagaData of(ScoredTransaction scored) {
        Decision decision = scored.decision() == Decision.REVIEW ? null : scored.decision();
        return new TransactionSagaData(scored, null, null, decision);
    }

    public TransactionSagaData resolved(Verdict v, String by, Decision decision) {
        return new TransactionSagaData(scored, v, by, decision);
    }

    public String tenant() {
        return scored.transaction().tenant();
    }

    public String transactionId() {
        return scored.transaction().transactionId();
    }

    public String walletId() {
        return scored.transaction().walletId();
    }

    public boolean needsReview() {
        return scored.decision() == Decision.REVIEW;
    }
}
