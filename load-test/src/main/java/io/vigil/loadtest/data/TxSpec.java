package io.vigil.loadtest.data;

import io.vigil.contracts.Channel;
import java.math.BigDecimal;

/** The payment part of one generated transaction; ids and timestamps are added when it is sent. */
public record TxSpec(
        String walletId,
        long amountCents,
        String merchantId,
        String merchantCategory,
        Channel channel,
        String country,
        String deviceId,
        String ipAddress,
        TrafficKind kind) {

    public BigDecimal amount() {
        return BigDecimal.valueOf(amountCents, 2);
    }
}
