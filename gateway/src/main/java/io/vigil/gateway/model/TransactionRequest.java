package io.vigil.gateway.model;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

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

    /**
     * SHA-256 (hex) of the canonical form: field values in a fixed order, each length-prefixed, with
     * the amount normalised. Two bodies meaning the same payment (key order, whitespace, {@code 10.5}
     * vs {@code "10.50"}) fingerprint alike; any other difference changes it.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder();
        for (String field : List.of(transactionId, walletId, amount.stripTrailingZeros().toPlainString(), currency,
                merchantId, merchantCategory, channel.name(), country, deviceId, ipAddress, occurredAt.toString())) {
            canonical.append(field.length()).append(':').append(field).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory on every JVM", e);
        }
    }
}
