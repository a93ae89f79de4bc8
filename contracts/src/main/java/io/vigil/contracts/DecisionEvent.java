package io.vigil.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Final decision for the payment system on {@link Topics#DECISIONS}, key walletId. For a REVIEW,
 * {@code decision} is the analyst's outcome (APPROVE for LEGIT, DECLINE for FRAUD or time-out by
 * policy) and {@code resolvedBy} says who decided.
 */
public record DecisionEvent(
        String tenant,
        String transactionId,
        String walletId,
        Decision decision,
        Decision scoredDecision,
        double score,
        List<Reason> reasons,
        String modelVersion,
        String resolvedBy,
        Instant decidedAt) {}
