package io.vigil.training.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Decision;
import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.HistoryEvent;
import io.vigil.features.WalletHistory;
import io.vigil.training.data.DatasetGenerator;
import io.vigil.training.data.GeneratorConfig;
import io.vigil.training.data.LabelledTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay must give each transaction exactly what FeatureCalculator computes over the history strictly
 * before it. The expected history here is rebuilt by brute force from the raw stream, independently of
 * InMemoryHistory.
 */
class FeatureReplayTest {

    @Test
    void replayedFeaturesEqualFeatureCalculatorOverTheHistoryBeforeEachTransaction() {
        List<LabelledTransaction> rows = new DatasetGenerator(new GeneratorConfig(300, 20, 11)).generate();
        int n = rows.size();
        Features[] replayed = new Features[n];
        boolean[] declined = new boolean[n];
        FeatureReplay.replay(rows, (i, row, features, rules) -> {
            replayed[i] = features;
            declined[i] = rules.decision() == Decision.DECLINE;
        });

        int checked = 0;
        for (int i = 0; i < n; i += 37) {
            Transaction tx = rows.get(i).transaction();
            Features expected =
                    FeatureCalculator.compute(tx, tx.amount().doubleValue(), bruteForceHistory(rows, declined, i));
            assertEquals(expected, replayed[i], "row " + i);
            checked++;
        }
        assertTrue(checked > 100);
        assertTrue(Arrays.stream(replayed).anyMatch(f -> f.count24h() > 0 && f.newDevice()),
                "the sample must include wallets with history and first-seen devices");
    }

    private static WalletHistory bruteForceHistory(List<LabelledTransaction> rows, boolean[] declined, int index) {
        Transaction tx = rows.get(index).transaction();
        Instant t = tx.occurredAt();
        Instant horizon = t.minus(Duration.ofDays(30));
        List<HistoryEvent> recent = new ArrayList<>();
        Instant firstSeen = null;
        boolean device = false, country = false, merchant = false;
        int merchantCount = 0, merchantFraud = 0;
        for (int j = 0; j < index; j++) {
            LabelledTransaction row = rows.get(j);
            Transaction e = row.transaction();
            if (!e.occurredAt().isBefore(t)) {
                continue;
            }
            if (e.merchantId().equals(tx.merchantId()) && !e.occurredAt().isBefore(horizon)) {
                merchantCount++;
                if (row.fraud()) {
                    merchantFraud++;
                }
            }
            if (!e.walletId().equals(tx.walletId())) {
                continue;
            }
            firstSeen = firstSeen == null || e.occurredAt().isBefore(firstSeen) ? e.occurredAt() : firstSeen;
            device |= e.deviceId().equals(tx.deviceId());
            country |= e.country().equals(tx.country());
            merchant |= e.merchantId().equals(tx.merchantId());
            if (!e.occurredAt().isBefore(horizon)) {
                recent.add(new HistoryEvent(e.occurredAt(), e.amount().doubleValue(), e.merchantId(), e.country(),
                        e.deviceId(), declined[j], row.fraud()));
            }
        }
        return new WalletHistory(recent, firstSeen, device, country, merchant, merchantCount, merchantFraud);
    }
}
