package io.vigil.benchmarks;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Transaction;
import io.vigil.features.HistoryEvent;
import io.vigil.features.WalletHistory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic inputs shaped like a busy wallet: 30 days of history, a few merchants and devices. */
final class Samples {

    static final Instant T = Instant.parse("2026-11-01T12:00:00Z");

    private Samples() {}

    static Transaction transaction() {
        return new Transaction("acme", "tx-bench", "w-bench", new BigDecimal("129.90"), "EUR", "m-3", "5411",
                Channel.ECOM, "FR", "d-1", "192.0.2.10", T);
    }

    /** {@link #transaction()} as a client posts it to the gateway. */
    static String requestBody() {
        return """
                {"transactionId":"tx-bench","walletId":"w-bench","amount":129.90,"currency":"EUR","merchantId":"m-3",\
                "merchantCategory":"5411","channel":"ECOM","country":"FR","deviceId":"d-1","ipAddress":"192.0.2.10",\
                "occurredAt":"2026-11-01T12:00:00Z"}""";
    }

    /** {@code events} transactions spread over the 30 days before {@link #T}. */
    static WalletHistory history(int events) {
        Random r = new Random(7);
        List<HistoryEvent> list = new ArrayList<>(events);
        long span = Duration.ofDays(30).toSeconds();
        for (int i = 0; i < events; i++) {
            list.add(new HistoryEvent(T.minusSeconds(1 + (long) (r.nextDouble() * span)),
                    Math.round(Math.exp(3 + r.nextGaussian() * 0.8) * 100) / 100.0,
                    "m-" + r.nextInt(8), r.nextInt(20) == 0 ? "DE" : "FR", "d-" + r.nextInt(2), r.nextInt(50) == 0,
                    false));
        }
        return new WalletHistory(list, T.minus(Duration.ofDays(400)), true, true, true, 5_000, 12);
    }
}
