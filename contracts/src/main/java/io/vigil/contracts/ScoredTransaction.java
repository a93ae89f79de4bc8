package io.vigil.contracts;

import java.time.Instant;
import java.util.List;

/** Value of {@link Topics#SCORED}: everything the saga needs to make the decision durable. */
public record ScoredTransaction(
        Transaction transaction,
        Features features,
        Decision decision,
        double score,
        List<Reason> reasons,
        String modelVersion,
        boolean degraded,
        Instant scoredAt,
        String traceId) {}
