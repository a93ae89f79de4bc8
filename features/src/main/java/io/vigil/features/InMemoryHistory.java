package io.vigil.features;

import io.vigil.contracts.Transaction;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wallet histories kept in memory, for replaying a generated stream in time order (model training)
 * through the same {@link FeatureCalculator} that serving uses. Not thread-safe; feed it events in
 * non-decreasing occurredAt order.
 */
public final class InMemoryHistory {

    private record Stamped(Instant at, boolean fraud) {}

    private static final class Wallet {
        final Deque<HistoryEvent> recent = new ArrayDeque<>();
        final Set<String> devices = new HashSet<>();
        final Set<String> countries = new HashSet<>();
        final Set<String> merchants = new HashSet<>();
        Instant firstSeen;
    }

    private final Map<String, Wallet> wallets = new HashMap<>();
    private final Map<String, Deque<Stamped>> merchantEvents = new HashMap<>();

    /** The history of the transaction's wallet strictly before its occurredAt. */
    public WalletHistory snapshot(Transaction tx) {
        Instant horizon = tx.occurredAt().minus(FeatureCalculator.WINDOW_30D);
        Wallet w = wallets.get(key(tx.tenant(), tx.walletId()));
        Deque<Stamped> merchant = merchantEvents.get(key(tx.tenant(), tx.merchantId()));
        int merchantCount = 0, merchantFraud = 0;
        if (merchant != null) {
            while (!merchant.isEmpty() && merchant.peekFirst().at().isBefore(horizon)) {
                merchant.pollFirst();
            }
            for (Stamped s : merchant) {
                if (s.at().isBefore(tx.occurredAt())) {
                    merchantCount++;
                    if (s.fraud()) {
                        merchantFraud++;
                    }
                }
            }
        }
        if (w == null) {
            return new WalletHistory(List.of(), null, false, false, false, merchantCount, merchantFraud);
        }
        while (!w.recent.isEmpty() && w.recent.peekFirst().occurredAt().isBefore(horizon)) {
            w.recent.pollFirst();
        }
        return new WalletHistory(
                new ArrayList<>(w.recent),
                w.firstSeen,
                w.devices.contains(tx.deviceId()),
                w.countries.contains(tx.country()),
                w.merchants.contains(tx.merchantId()),
                merchantCount,
                merchantFraud);
    }

    /** Adds a transaction after it was scored, with its amount in the reference currency, its outcome and label. */
    public void record(Transaction tx, double amount, boolean declined, boolean fraud) {
        Wallet w = wallets.computeIfAbsent(key(tx.tenant(), tx.walletId()), k -> new Wallet());
        w.recent.addLast(new HistoryEvent(tx.occurredAt(), amount, tx.merchantId(), tx.country(), tx.deviceId(),
                declined, fraud));
        if (tx.deviceId() != null) {
            w.devices.add(tx.deviceId());
        }
        w.countries.add(tx.country());
        w.merchants.add(tx.merchantId());
        if (w.firstSeen == null || tx.occurredAt().isBefore(w.firstSeen)) {
            w.firstSeen = tx.occurredAt();
        }
        merchantEvents.computeIfAbsent(key(tx.tenant(), tx.merchantId()), k -> new ArrayDeque<>())
                .addLast(new Stamped(tx.occurredAt(), fraud));
    }

    private static String key(String tenant, String id) {
        return tenant + '\u0000' + id;
    }
}
