package io.vigil.contracts;

import java.util.List;

/**
 * The synchronous answer for one transaction: returned by enrichment's {@code POST /v1/decisions}
 * and by the gateway's {@code POST /v1/transactions}. {@code degraded} is true when ml-engine was
 * unreachable and the fallback rules decided. {@code sagaId} equals the transaction id.
 */
public record DecisionResponse(
        String transactionId,
        Decision decision,
        double score,
        List<Reason> reasons,
        String modelVersion,
        Features features,
        long latencyMs,
        boolean degraded,
        String sagaId) {}
