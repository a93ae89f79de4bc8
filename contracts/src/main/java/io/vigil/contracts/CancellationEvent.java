package io.vigil.contracts;

import java.time.Instant;

/** The payment was cancelled upstream (value of {@link Topics#CANCELLATIONS}); compensates its saga. */
public record CancellationEvent(
        String tenant, String transactionId, String walletId, String reason, Instant cancelledAt) {}
