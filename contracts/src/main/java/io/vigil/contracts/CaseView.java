package io.vigil.contracts;

import java.time.Instant;
import java.util.List;

/** An analyst case for a REVIEW decision; {@code status} is OPEN, RESOLVED, EXPIRED or CANCELLED. */
public record CaseView(
        String caseId,
        String transactionId,
        String walletId,
        String status,
        double score,
        List<Reason> reasons,
        String modelVersion,
        Instant openedAt,
        Instant resolvedAt,
        Verdict verdict,
        String note,
        String resolvedBy) {}
