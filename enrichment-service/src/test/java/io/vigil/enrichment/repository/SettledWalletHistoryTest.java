package io.vigil.enrichment.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.enrichment.repository.HistoryRepository.Wallet;
import io.vigil.enrichment.repository.SettledWalletHistory.Events;
import io.vigil.enrichment.repository.SettledWalletHistory.Field;
import io.vigil.enrichment.repository.SettledWalletHistory.Settled;
import io.vigil.features.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SettledWalletHistoryTest {

    private static final Wallet WALLET = new Wallet("acme", "w-1");
    private static final Instant MINUTE = Instant.parse("2026-12-05T10:15:00Z");

    private final AtomicLong now = new AtomicLong(1_000);
    private final SettledWalletHistory kept = new SettledWalletHistory(Duration.ofSeconds(60), now::get);

    @Test
    void aHistoryServesSnapshotsFromItsMinuteOnUntilTheTtlHasPassed() {
        Settled settled = settled(MINUTE, 3);
        kept.put(WALLET, settled);

        assertEquals(settled, kept.get(WALLET, MINUTE));
        assertEquals(settled, kept.get(WALLET, MINUTE.plus(Duration.ofDays(2))), "a later T");
        assertNull(kept.get(WALLET, MINUTE.minusMillis(1)), "a T before it: rows after T would be in it");
        assertNull(kept.get(WALLET, MINUTE.plus(Duration.ofDays(30))), "the rows since would reach past T's 30 days");
        assertNull(kept.get(new Wallet("other-tenant", "w-1"), MINUTE), "another tenant's wallet");
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertNull(kept.get(WALLET, MINUTE), "stale");
    }

    @Test
    void aFreshHistorySettledLaterIsNotReplacedByAnEarlierOne() {
        Settled later = settled(MINUTE.plusSeconds(60), 2);
        kept.put(WALLET, later);
        kept.put(WALLET, settled(MINUTE, 1));

        assertEquals(later, kept.get(WALLET, MINUTE.plusSeconds(60)));
        assertEquals(2 + SettledWalletHistory.ENTRY_COST, kept.kept());
    }

    @Test
    void aTransactionStoredBeforeTheKeptMinuteForgetsItButNotOneWithinOrAfter() {
        kept.put(WALLET, settled(MINUTE, 3));

        kept.stored(WALLET, MINUTE.plusSeconds(5));
        kept.stored(WALLET, MINUTE);
        assertEquals(3, kept.get(WALLET, MINUTE).events().size());

        kept.stored(WALLET, MINUTE.minusMillis(1));
        assertNull(kept.get(WALLET, MINUTE));
        assertEquals(0, kept.kept());
    }

    @Test
    void aLabelOrVoidForgetsTheWallet() {
        kept.put(WALLET, settled(MINUTE, 3));

        kept.changed(WALLET);

        assertNull(kept.get(WALLET, MINUTE));
        assertEquals(0, kept.kept());
    }

    @Test
    void aZeroTtlOrAWalletOverItsCapKeepsNothing() {
        SettledWalletHistory off = new SettledWalletHistory(Duration.ZERO, now::get);
        off.put(WALLET, settled(MINUTE, 1));
        assertNull(off.get(WALLET, MINUTE));

        kept.put(WALLET, settled(MINUTE, SettledWalletHistory.MAX_EVENTS_PER_WALLET + 1));
        assertNull(kept.get(WALLET, MINUTE), "read whole every time rather than held");
    }

    @Test
    void aFullCacheDropsStaleWalletsBeforeRefusingNewOnes() {
        int size = SettledWalletHistory.MAX_EVENTS_PER_WALLET;
        for (int i = 0; i < SettledWalletHistory.MAX_KEPT / (size + SettledWalletHistory.ENTRY_COST); i++) {
            kept.put(new Wallet("acme", "w-full-" + i), settled(MINUTE, size));
        }
        kept.put(WALLET, settled(MINUTE, 1));
        assertNull(kept.get(WALLET, MINUTE), "full of fresh wallets: not kept");

        now.addAndGet(Duration.ofSeconds(61).toNanos());
        kept.put(WALLET, settled(MINUTE, 1));
        assertEquals(1, kept.get(WALLET, MINUTE).events().size(), "the stale ones made room");
        assertEquals(1 + SettledWalletHistory.ENTRY_COST, kept.kept());
    }

    @Test
    void eventsKeptColumnByColumnComeBackAsTheyWere() {
        List<HistoryEvent> events = List.of(
                new HistoryEvent(Instant.parse("2026-12-05T10:00:00.123456Z"), 12.5, "m-1", "FR", "d-1", false, true),
                new HistoryEvent(Instant.parse("2026-12-05T10:05:00Z"), 3.0, "m-2", "DE", null, true, false));
        Events kept = Events.of(events);

        assertEquals(events, List.of(kept.get(0), kept.get(1)));
        assertEquals(0, kept.firstAtOrAfter(Instant.parse("2026-12-05T10:00:00.123456Z")));
        assertEquals(1, kept.firstAtOrAfter(Instant.parse("2026-12-05T10:00:00.123457Z")));
        assertEquals(2, kept.firstAtOrAfter(Instant.parse("2026-12-05T10:05:00.000001Z")));
        assertTrue(kept.has(Field.COUNTRY, "DE") && kept.has(Field.MERCHANT, "m-1") && kept.has(Field.DEVICE, "d-1"));
        assertFalse(kept.has(Field.DEVICE, "d-2"));
    }

    @Test
    void walletsWithoutEventsCountTowardsTheBound() {
        for (int i = 0; i < SettledWalletHistory.MAX_KEPT / SettledWalletHistory.ENTRY_COST; i++) {
            kept.put(new Wallet("acme", "w-new-" + i), settled(MINUTE, 0));
        }
        kept.put(WALLET, settled(MINUTE, 0));

        assertNull(kept.get(WALLET, MINUTE), "full of new wallets: not kept");
    }

    private static Settled settled(Instant until, int events) {
        HistoryEvent event = new HistoryEvent(until.minusSeconds(30), 10.0, "m-1", "FR", "d-1", false, false);
        return new Settled(until, until.minusSeconds(30), Events.of(Collections.nCopies(events, event)), true);
    }
}
