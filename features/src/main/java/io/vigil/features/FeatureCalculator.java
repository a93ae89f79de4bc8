package io.vigil.features;

import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/**
 * The feature set of DESIGN.md at snapshot T = occurredAt over history strictly before T. Pure and
 * thread-safe: serving (history from PostgreSQL) and training (history replayed in memory) both call
 * it, which is what keeps training and serving free of skew.
 */
public final class FeatureCalculator {

    public static final Duration WINDOW_30D = Duration.ofDays(30);
    /** Pseudo-count that keeps a merchant with few transactions from getting an extreme fraud rate. */
    static final double MERCHANT_RATE_PRIOR = 10.0;
    /**
     * Beyond this many standard deviations a z-score measures how steady the wallet's amounts were, not how unusual
     * the payment is. Unbounded it reached the hundreds on a steady wallet, where the model's newDevice * amountZScore
     * term (trained on far smaller values, with a negative weight) outweighed every other term: a 500.00 spike from a
     * new device on a wallet of ~10.00 payments scored 0.006 at z 200 against 0.71 at z 20.
     */
    public static final double Z_SCORE_CAP = 20;

    private FeatureCalculator() {}

    /**
     * @param amount the transaction's amount in the reference currency (see {@link ReferenceCurrency}), as the
     *               history's amounts are
     */
    public static Features compute(Transaction tx, double amount, WalletHistory history) {
        Instant t = tx.occurredAt();
        // in microseconds, as PostgreSQL keeps the history: an event 0.4 ms before T is before T here too
        long tMicros = micros(t);
        long h1 = tMicros - Duration.ofHours(1).toNanos() / 1_000;
        long h24 = tMicros - Duration.ofHours(24).toNanos() / 1_000;
        long d7 = tMicros - Duration.ofDays(7).toNanos() / 1_000;
        long d30 = tMicros - WINDOW_30D.toNanos() / 1_000;

        int count1h = 0, count24h = 0, count7d = 0, count30d = 0, declined24h = 0, fraud30d = 0;
        double sum1h = 0, sum24h = 0, sum7d = 0;
        // Welford's running mean and sum of squared deviations: sumSq - n * mean^2 cancels catastrophically when
        // the amounts are equal (a subscription), leaving a variance of ~1e-14 whose root made z-scores of millions
        double mean = 0, squaredDeviations30d = 0;
        long lastMicros = Long.MIN_VALUE;
        Set<String> merchants24h = new HashSet<>();
        Set<String> countries24h = new HashSet<>();
        Set<String> devices7d = new HashSet<>();

        for (HistoryEvent e : history.recent()) {
            long at = micros(e.occurredAt());
            if (at >= tMicros || at < d30) {
                continue;
            }
            lastMicros = Math.max(lastMicros, at);
            count30d++;
            double delta = e.amount() - mean;
            mean += delta / count30d;
            squaredDeviations30d += delta * (e.amount() - mean);
            if (e.fraud()) {
                fraud30d++;
            }
            if (at >= d7) {
                count7d++;
                sum7d += e.amount();
                if (e.deviceId() != null) {
                    devices7d.add(e.deviceId());
                }
            }
            if (at >= h24) {
                count24h++;
                sum24h += e.amount();
                merchants24h.add(e.merchantId());
                countries24h.add(e.country());
                if (e.declined()) {
                    declined24h++;
                }
            }
            if (at >= h1) {
                count1h++;
                sum1h += e.amount();
            }
        }

        double std = count30d < 2 ? 0 : Math.sqrt(squaredDeviations30d / (count30d - 1));
        double z = std > 0 ? Math.max(-Z_SCORE_CAP, Math.min(Z_SCORE_CAP, (amount - mean) / std)) : 0;
        long secondsSinceLast = lastMicros == Long.MIN_VALUE ? -1 : (tMicros - lastMicros) / 1_000_000;
        double walletAgeDays = history.firstSeenAt() == null || !history.firstSeenAt().isBefore(t)
                ? 0
                : (tMicros - micros(history.firstSeenAt())) / 86_400_000_000.0;
        double merchantFraudRate = history.merchantFraud30d() / (history.merchantCount30d() + MERCHANT_RATE_PRIOR);
        boolean knownWallet = history.firstSeenAt() != null;

        return new Features(
                amount,
                count1h,
                count24h,
                count7d,
                round2(sum1h),
                round2(sum24h),
                round2(sum7d),
                round4(mean),
                round4(std),
                round4(z),
                merchants24h.size(),
                countries24h.size(),
                devices7d.size(),
                secondsSinceLast,
                // a payment without a device (a card at a terminal) shows no new one
                knownWallet && tx.deviceId() != null && !history.deviceSeen(),
                knownWallet && !history.countrySeen(),
                knownWallet && !history.merchantSeen(),
                round4(walletAgeDays),
                declined24h,
                fraud30d,
                round4(merchantFraudRate),
                t.atZone(ZoneOffset.UTC).getHour());
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    // Rounding makes the figures stable whether they come from SQL NUMERIC or in-memory doubles.
    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
