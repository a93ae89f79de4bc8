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
        Instant occurredAt) {

    /**
     * Digits an amount may have, trailing zeros included, checked before anything else counts them: JDK 21 strips
     * trailing zeros one division at a time, and a reason's detail writes the amount out in full.
     */
    public static final int MAX_AMOUNT_DIGITS = 34;

    /**
     * What a tenant or a transaction's ids may be, on the Kafka path as through the API: ASCII a header, a path
     * and PostgreSQL all carry as they are. A case's id is its transaction's.
     */
    public static final String ID_PATTERN = "[A-Za-z0-9._:@-]{1,128}";

    /** Every amount lies below this, in its own currency. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
}
