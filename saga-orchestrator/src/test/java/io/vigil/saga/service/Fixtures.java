package io.vigil.saga.service;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Decision;
import io.vigil.contracts.Features;
import io.vigil.contracts.Reason;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Scored transactions for tests. */
public final class Fixtures {

    private Fixtures() {}

    public static ScoredTransaction scored(String tenant, String transactionId, String walletId, Decision decision) {
        Instant at = Instant.now();
        Transaction tx = new Transaction(tenant, transactionId, walletId, new BigDecimal("42.50"), "EUR", "m-1", "5411",
                Channel.ECOM, "FR", "d-1", "10.0.0.1", at);
        Features features = new Features(42.5, 1, 2, 3, 10, 20, 30, 40, 5, 0.5, 1, 1, 1, 60, false, false, true, 100,
                0, 0, 0.01, 12);
        double score = switch (decision) {
            case APPROVE -> 0.05;
            case REVIEW -> 0.55;
            case DECLINE -> 0.95;
        };
        return new ScoredTransaction(tx, features, decision, score,
                List.of(new Reason("AMOUNT_ZSCORE", "amount unusual for this wallet", 0.3)), "gbt-2026.03", false, at,
                "4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
