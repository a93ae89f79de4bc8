package io.vigil.enrichment.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.enrichment.repository.HistoryRepository.Merchant;
import io.vigil.enrichment.repository.SettledMerchantCounts.Counts;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SettledMerchantCountsTest {

    private static final Merchant SHOP = new Merchant("acme", "m-shop");
    private static final Instant MINUTE = Instant.parse("2026-12-05T10:15:00Z");
    private static final Counts COUNTS = new Counts(40, 2);

    private final AtomicLong now = new AtomicLong(1_000);
    private final SettledMerchantCounts kept = new SettledMerchantCounts(Duration.ofSeconds(60), now::get);

    @Test
    void countsServeTheirMinuteUntilTheTtlHasPassed() {
        kept.put(SHOP, MINUTE, COUNTS);

        assertEquals(COUNTS, kept.get(SHOP, MINUTE));
        assertNull(kept.get(SHOP, MINUTE.plusSeconds(60)), "another minute");
        assertNull(kept.get(new Merchant("other-tenant", "m-shop"), MINUTE), "another tenant's merchant");
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertNull(kept.get(SHOP, MINUTE), "stale");
    }

    @Test
    void onlyTheLatestMinuteOfAMerchantIsKept() {
        kept.put(SHOP, MINUTE.plusSeconds(60), COUNTS);
        kept.put(SHOP, MINUTE, new Counts(39, 2));

        assertNull(kept.get(SHOP, MINUTE));
        assertEquals(COUNTS, kept.get(SHOP, MINUTE.plusSeconds(60)));
    }

    @Test
    void aTransactionStoredBeforeTheKeptMinuteForgetsItButNotOneWithinOrAfter() {
        kept.put(SHOP, MINUTE, COUNTS);

        kept.stored(SHOP, MINUTE.plusSeconds(5));
        kept.stored(SHOP, MINUTE);
        assertEquals(COUNTS, kept.get(SHOP, MINUTE));

        kept.stored(SHOP, MINUTE.minusMillis(1));
        assertNull(kept.get(SHOP, MINUTE));
    }

    @Test
    void aLabelOrVoidForgetsTheMerchant() {
        kept.put(SHOP, MINUTE, COUNTS);

        kept.changed(SHOP);

        assertNull(kept.get(SHOP, MINUTE));
    }

    @Test
    void aZeroTtlOrAMissingMerchantKeepsNothing() {
        SettledMerchantCounts off = new SettledMerchantCounts(Duration.ZERO, now::get);
        off.put(SHOP, MINUTE, COUNTS);
        assertNull(off.get(SHOP, MINUTE));

        Merchant none = new Merchant("acme", null);
        kept.put(none, MINUTE, COUNTS);
        assertNull(kept.get(none, MINUTE));
    }

    @Test
    void aFullCacheDropsStaleMerchantsBeforeRefusingNewOnes() {
        for (int i = 0; i < SettledMerchantCounts.MAX_MERCHANTS; i++) {
            kept.put(new Merchant("acme", "m-" + i), MINUTE, COUNTS);
        }
        kept.put(SHOP, MINUTE, COUNTS);
        assertNull(kept.get(SHOP, MINUTE), "full of fresh merchants: not kept");

        now.addAndGet(Duration.ofSeconds(61).toNanos());
        kept.put(SHOP, MINUTE, COUNTS);
        assertEquals(COUNTS, kept.get(SHOP, MINUTE), "the stale ones made room");
    }
}
