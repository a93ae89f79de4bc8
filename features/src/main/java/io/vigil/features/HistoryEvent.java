package io.vigil.features;

import java.time.Instant;

/** One earlier transaction of a wallet, as the feature computation needs it; its amount in the reference currency. */
public record HistoryEvent(
        Instant occurredAt,
        double amount,
        String merchantId,
        String country,
        String deviceId,
        boolean declined,
        boolean fraud) {}
