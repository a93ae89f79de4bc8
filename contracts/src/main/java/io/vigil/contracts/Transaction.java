package io.vigil.contracts;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One payment transaction as the platform sees it internally: the public request plus the tenant
 * taken from the caller's token (REST) or the event (Kafka). Body of enrichment's
 * {@code POST /v1/decisions} and value of {@link Topics#TRANSACTIONS}.
 */
public record Transaction(
        String tenant,
        String transactionId,
        String walletId,
        BigDecimal amount,
        String currency,
        String merchantId,
        String merchantCategory,
        Channel channel,
        String country,
        String deviceId,
        String ipAddress,
        Instant occurredAt) {}
