package io.vigil.gateway.model;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.time.Instant;

/** A validated {@code POST /v1/transactions} body; the tenant is added from the token, never from the body. */
public record TransactionRequest(
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

    public Transaction toTransaction(String tenant) {
        return new Transaction(tenant, transactionId, walletId, amount, currency, merchantId, merchantCategory,
                channel, country, deviceId, ipAddress, occurredAt);
    }
}
