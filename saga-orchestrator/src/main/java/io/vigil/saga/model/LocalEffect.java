package io.vigil.saga.model;

import io.vigil.contracts.Decision;
import io.vigil.contracts.Features;
import io.vigil.contracts.Reason;
import io.vigil.contracts.Verdict;
import io.vigil.saga.engine.Effect;
import java.time.Instant;
import java.util.List;

/** Changes to the orchestrator's own tables, applied in the transaction that saves the saga. */
public sealed interface LocalEffect extends Effect {

    /** The audit record of {@code decision.persist}. */
    record RecordAudit(
            String transactionId,
            String tenant,
            String walletId,
            Decision decision,
            double score,
            List<Reason> reasons,
            String modelVersion,
            Features features,
            boolean degraded,
            String traceId,
            Instant scoredAt,
            Instant recordedAt)
            implements LocalEffect {}

    record RetractAudit(String tenant, String transactionId, Instant retractedAt) implements LocalEffect {}

    /** Case id is the transaction id, unique within its tenant: one case per saga, found without a lookup table. */
    record OpenCase(
            String caseId,
            String tenant,
            String walletId,
            double score,
            List<Reason> reasons,
            String modelVersion,
            Instant openedAt,
            Instant expiresAt)
            implements LocalEffect {}

    record ResolveCase(String tenant, String caseId, Verdict verdict, String note, String analyst, Instant resolvedAt)
            implements LocalEffect {}

    record ExpireCase(String tenant, String caseId, Instant expiredAt) implements LocalEffect {}

    record CancelCase(String tenant, String caseId, Instant cancelledAt) implements LocalEffect {}
}
