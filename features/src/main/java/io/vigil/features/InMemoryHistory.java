package io.vigil.features;

import io.vigil.contracts.Transaction;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wallet histories kept in memory, for replaying a generated stream in time order (model training)
 * through the same {@link FeatureCalculator} that serving uses. Not thread-safe; feed it events in
 * non-decreasing occurredAt order.
 */
public final class InMemoryHistory {

    private record Stamped(Instant at, boolean fraud) {}

    /**
     * A wallet's events and when each device, country and merchant was first seen: a snapshot only knows what
     * happened strictly before its transaction, as serving's does, so an event recorded at the same instant
     * (a burst within one second) is not yet in it.
     */
    private static final class Wallet {
        final Deque<HistoryEvent> recent = new ArrayDeque<>();
        final Map<String, Instant> devices = new HashMap<>();
        final Map<String, Instant> countries = new HashMap<>();
        final Map<String, Instant> merchants = new HashMap<>();
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
        Instant at = tx.occurredAt();
        if (w == null || !w.firstSeen.isBefore(at)) {
            return new WalletHistory(List.of(), null, false, false, false, merchantCount, merchantFraud);
        }
        while (!w.recent.isEmpty() && w.recent.peekFirst().occurredAt().isBefore(horizon)) {
            w.recent.pollFirst();
        }
        List<HistoryEvent> before = new ArrayList<>(w.recent.size());
        for (HistoryEvent e : w.recent) {
            if (!e.occurredAt().isBefore(at)) {
                break;
            }
            before.add(e);
        }
        return new WalletHistory(
                before,
                w.firstSeen,
                seenBefore(w.devices, tx.deviceId(), at),
                seenBefore(w.countries, tx.country(), at),
                seenBefore(w.merchants, tx.merchantId(), at),
                merchantCount,
                merchantFraud);
    }

    private static boolean seenBefore(Map<String, Instant> firstSeen, String value, Instant at) {
        Instant first = value == null ? null : firstSeen.get(value);
        return first != null && first.isBefore(at);
    }

    /** Adds a transaction after it was scored, with its amount in the reference currency, its outcome and label. */
    public void record(Transaction tx, double amount, boolean declined, boolean fraud) {
        Wallet w = wallets.computeIfAbsent(key(tx.tenant(), tx.walletId()), k -> new Wallet());
        w.recent.addLast(new HistoryEvent(tx.occurredAt(), amount, tx.merchantId(), tx.country(), tx.deviceId(),
                declined, fraud));
        if (tx.deviceId() != null) {
            w.devices.putIfAbsent(tx.deviceId(), tx.occurredAt());
        }
        w.countries.putIfAbsent(tx.country(), tx.occurredAt());
        w.merchants.putIfAbsent(tx.merchantId(), tx.occurredAt());
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
