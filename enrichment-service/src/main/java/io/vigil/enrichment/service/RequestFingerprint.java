package io.vigil.enrichment.service;

import io.vigil.contracts.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What an Idempotency-Key is bound to: SHA-256 (hex) of the transaction's canonical form, its fields in a
 * fixed order, each length-prefixed (a missing one as {@code -1}), with the amount normalised. Two bodies
 * meaning the same payment (key order, whitespace, {@code 10.5} vs {@code "10.50"}) fingerprint alike;
 * any other difference changes it.
 */
final class RequestFingerprint {

    private RequestFingerprint() {}

    static String of(Transaction tx) {
        StringBuilder canonical = new StringBuilder();
        for (String field : Arrays.asList(tx.tenant(), tx.transactionId(), tx.walletId(),
                tx.amount() == null ? null : tx.amount().stripTrailingZeros().toPlainString(), tx.currency(),
                tx.merchantId(), tx.merchantCategory(), tx.channel() == null ? null : tx.channel().name(),
                tx.country(), tx.deviceId(), tx.ipAddress(),
                tx.occurredAt() == null ? null : tx.occurredAt().toString())) {
            if (field == null) {
                canonical.append("-1;");
            } else {
                canonical.append(field.length()).append(':').append(field).append(';');
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory on every JVM", e);
        }
    }
}
