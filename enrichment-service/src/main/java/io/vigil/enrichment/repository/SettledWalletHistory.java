package io.vigil.enrichment.repository;

import io.vigil.enrichment.repository.HistoryRepository.Wallet;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The settled part of wallets' histories, reused for a short while. A snapshot at T needs the wallet's
 * counted rows before T: those before U, the minute of the T it was last read whole for, are kept here, so
 * a later snapshot at T >= U reads only [U, T) from the database, and skips the all-history probes
 * (first seen, device / country / merchant seen) this part answers: a busy wallet's month is read once per
 * TTL instead of once per payment (docs/benchmarks.md, thirty-fourth round).
 *
 * <p>Kept per wallet, and forgotten after the TTL, when this instance stores a transaction of the wallet
 * that belongs before U (one that arrived late), or when it labels or voids one of the wallet's
 * transactions. What other instances store or change, and a change racing the read it concerns, reaches
 * them within the TTL, as for {@link SettledMerchantCounts}.
 */
final class SettledWalletHistory {

    /**
     * What is kept at most, counted in events: about 40 bytes each (their strings are shared within the
     * wallet), so ~20 MB of the service's heap however many wallets are active.
     */
    static final int MAX_KEPT = 500_000;

    /** What a wallet's entry costs beside its events (map node, records, arrays), counted in events. */
    static final int ENTRY_COST = 8;

    /** A wallet with more events in 30 days than this is read whole for every snapshot. */
    static final int MAX_EVENTS_PER_WALLET = 2_000;

    /**
     * A wallet's counted rows before {@code until}.
     *
     * @param firstSeen its earliest row, or null when it has none before {@code until}
     * @param events its rows in [until - 30 days, until), in the snapshot's order
     * @param complete whether {@code events} are all its rows before {@code until}, so a value none of them
     *     has was never seen before it
     */
    record Settled(Instant until, Instant firstSeen, Events events, boolean complete) {}

    /** What a seen-before answer compares. */
    enum Field {
        DEVICE(HistoryEvent::deviceId),
        COUNTRY(HistoryEvent::country),
        MERCHANT(HistoryEvent::merchantId);

        final Function<HistoryEvent, String> of;

        Field(Function<HistoryEvent, String> of) {
            this.of = of;
        }
    }

    /**
     * Events column by column: a few arrays per wallet rather than objects per event, which the young
     * collections would copy over and over during the TTL (kept as objects, they added 5 ms to each of
     * enrichment-service's collections at 1,000 tx/s).
     */
    static final class Events {

        private final long[] micros;
        private final double[] amount;
        private final String[] merchant;
        private final String[] country;
        private final String[] device;
        private final boolean[] declined;
        private final boolean[] fraud;

        private Events(int n) {
            micros = new long[n];
            amount = new double[n];
            merchant = new String[n];
            country = new String[n];
            device = new String[n];
            declined = new boolean[n];
            fraud = new boolean[n];
        }

        private static final Events NONE = new Events(0);

        static Events of(List<HistoryEvent> events) {
            if (events.isEmpty()) {
                return NONE;
            }
            Events kept = new Events(events.size());
            for (int i = 0; i < events.size(); i++) {
                HistoryEvent e = events.get(i);
                kept.micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, e.occurredAt());
                kept.amount[i] = e.amount();
                kept.merchant[i] = e.merchantId();
                kept.country[i] = e.country();
                kept.device[i] = e.deviceId();
                kept.declined[i] = e.declined();
                kept.fraud[i] = e.fraud();
            }
            return kept;
        }

        int size() {
            return micros.length;
        }

        HistoryEvent get(int i) {
            return new HistoryEvent(Instant.EPOCH.plus(micros[i], ChronoUnit.MICROS), amount[i], merchant[i],
                    country[i], device[i], declined[i], fraud[i]);
        }

        /** The index of the first event at or after {@code at}. */
        int firstAtOrAfter(Instant at) {
            long key = ChronoUnit.MICROS.between(Instant.EPOCH, at);
            int low = 0, high = micros.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (micros[mid] < key) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        /** Whether one of the events has the value in the field. */
        boolean has(Field field, String value) {
            String[] column = switch (field) {
                case DEVICE -> device;
                case COUNTRY -> country;
                case MERCHANT -> merchant;
            };
            for (String v : column) {
                if (value.equals(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Entry(Settled settled, long expiresAt) {}

    private final ConcurrentHashMap<Wallet, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong kept = new AtomicLong();
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    SettledWalletHistory(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The wallet's settled history, if known, fresh and of use at {@code at}: from its end on, and less than 30
     * days after it, so that the rows since are within T's 30 days; null otherwise.
     */
    Settled get(Wallet wallet, Instant at) {
        if (ttlNanos == 0) {
            return null;
        }
        Entry entry = entries.get(wallet);
        boolean usable = entry != null && !at.isBefore(entry.settled().until())
                && at.isBefore(entry.settled().until().plus(FeatureCalculator.WINDOW_30D))
                && nanoTime.getAsLong() - entry.expiresAt() < 0;
        return usable ? entry.settled() : null;
    }

    /** Keeps a history just read from the database, unless a fresh one settled later is already kept. */
    void put(Wallet wallet, Settled settled) {
        if (ttlNanos == 0 || settled.events().size() > MAX_EVENTS_PER_WALLET) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (kept.get() + cost(settled) > MAX_KEPT) {
            entries.forEach((w, e) -> {
                if (now - e.expiresAt() >= 0) {
                    forget(w, e);
                }
            });
            if (kept.get() + cost(settled) > MAX_KEPT) {
                return;
            }
        }
        entries.compute(wallet, (w, before) -> {
            if (before != null && now - before.expiresAt() < 0
                    && settled.until().isBefore(before.settled().until())) {
                return before;
            }
            kept.addAndGet(cost(settled) - (before == null ? 0 : cost(before.settled())));
            return new Entry(settled, now + ttlNanos);
        });
    }

    /** A transaction of the wallet was stored: a history it should be part of is forgotten. */
    void stored(Wallet wallet, Instant occurredAt) {
        Entry entry = entries.get(wallet);
        if (entry != null && occurredAt.isBefore(entry.settled().until())) {
            forget(wallet, entry);
        }
    }

    /** A transaction of the wallet was labelled or voided: its history is forgotten. */
    void changed(Wallet wallet) {
        Entry entry = entries.get(wallet);
        if (entry != null) {
            forget(wallet, entry);
        }
    }

    /** What is kept across wallets, counted in events (see {@link #MAX_KEPT}). */
    long kept() {
        return kept.get();
    }

    private void forget(Wallet wallet, Entry entry) {
        if (entries.remove(wallet, entry)) {
            kept.addAndGet(-cost(entry.settled()));
        }
    }

    private static long cost(Settled settled) {
        return settled.events().size() + ENTRY_COST;
    }
}
