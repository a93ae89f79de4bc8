package io.vigil.enrichment.service;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.WalletHistory;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Features at snapshot T: the wallet's history strictly before T from PostgreSQL, the math from {@link FeatureCalculator}. */
@ApplicationScoped
public class FeatureService {

    private final HistoryRepository history;
    private final EnrichmentMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    public FeatureService(HistoryRepository history, EnrichmentMetrics metrics) {
        this.history = history;
        this.metrics = metrics;
    }

    /** Features of a transaction at its own occurredAt, its amount converted into the reference currency. */
    public Uni<Features> featuresOf(Transaction tx, BigDecimal referenceAmount) {
        double amount = referenceAmount.doubleValue();
        return snapshot(tx).map(h -> FeatureCalculator.compute(tx, amount, h));
    }

    /**
     * The wallet's features now, for analysts. There is no candidate payment, so the probe has amount 0
     * and no device, country or merchant, none of which counts as new. Empty for a wallet this tenant
     * has no history of.
     */
    public Uni<Optional<Features>> walletFeaturesNow(String tenant, String walletId) {
        Transaction probe = new Transaction(
                tenant, null, walletId, BigDecimal.ZERO, null, null, null, null, null, null, null, Instant.now(clock));
        return snapshot(probe).map(h -> {
            if (h.firstSeenAt() == null) {
                return Optional.empty();
            }
            WalletHistory nothingNew = new WalletHistory(
                    h.recent(), h.firstSeenAt(), true, true, true, h.merchantCount30d(), h.merchantFraud30d());
            return Optional.of(FeatureCalculator.compute(probe, 0, nothingNew));
        });
    }

    private Uni<WalletHistory> snapshot(Transaction tx) {
        long start = System.nanoTime();
        return history.snapshot(tx.tenant(), tx.walletId(), tx.occurredAt(), tx.deviceId(), tx.country(),
                        tx.merchantId())
                .invoke(() -> metrics.featureQuery(System.nanoTime() - start));
    }
}
