package io.vigil.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeatureCalculatorTest {

    static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");

    static Transaction tx(String id, Instant at, String amount, String merchant, String country, String device) {
        return new Transaction("acme", id, "w-1", new BigDecimal(amount), "EUR", merchant, "5411", Channel.ECOM, country,
                device, "10.0.0.1", at);
    }

    /** The transactions here are in EUR, the reference currency: their amounts count as they are. */
    static Features features(Transaction tx, WalletHistory history) {
        return FeatureCalculator.compute(tx, tx.amount().doubleValue(), history);
    }

    static void record(InMemoryHistory history, Transaction tx, boolean declined, boolean fraud) {
        history.record(tx, tx.amount().doubleValue(), declined, fraud);
    }

    @Test
    void newWalletHasEmptyHistoryAndNoFirstSeenFlags() {
        Features f = features(tx("t1", T0, "10.00", "m1", "FR", "d1"), WalletHistory.EMPTY);
        assertEquals(0, f.count24h());
        assertEquals(-1, f.secondsSinceLast());
        assertFalse(f.newDevice());
        assertFalse(f.newCountry());
        assertEquals(0, f.walletAgeDays());
        assertEquals(10.0, f.amount());
        assertEquals(12, f.hourOfDay());
    }

    @Test
    void windowsCountOnlyHistoryStrictlyBeforeSnapshot() {
        InMemoryHistory history = new InMemoryHistory();
        record(history, tx("a", T0.minus(Duration.ofDays(10)), "20.00", "m1", "FR", "d1"), false, false);
        record(history, tx("b", T0.minus(Duration.ofDays(3)), "30.00", "m2", "FR", "d1"), false, false);
        record(history, tx("c", T0.minus(Duration.ofHours(5)), "40.00", "m3", "FR", "d2"), true, false);
        record(history, tx("d", T0.minus(Duration.ofMinutes(30)), "50.00", "m4", "DE", "d2"), false, true);

        Transaction now = tx("e", T0, "500.00", "m5", "US", "d9");
        Features f = features(now, history.snapshot(now));

        assertEquals(1, f.count1h());
        assertEquals(2, f.count24h());
        assertEquals(3, f.count7d());
        assertEquals(50.0, f.sum1h());
        assertEquals(90.0, f.sum24h());
        assertEquals(120.0, f.sum7d());
        assertEquals(35.0, f.amountMean30d());
        assertEquals(12.9099, f.amountStd30d());
        assertEquals(FeatureCalculator.Z_SCORE_CAP, f.amountZScore(), "36 sd, capped");
        assertEquals(2, f.distinctMerchants24h());
        assertEquals(2, f.distinctCountries24h());
        assertEquals(2, f.distinctDevices7d());
        assertEquals(1800, f.secondsSinceLast());
        assertTrue(f.newDevice());
        assertTrue(f.newCountry());
        assertTrue(f.newMerchant());
        assertEquals(10.0, f.walletAgeDays());
        assertEquals(1, f.declined24h());
        assertEquals(1, f.fraud30d());
    }

    @Test
    void anEventLessThanAMillisecondBeforeTheSnapshotIsInItsPast() {
        InMemoryHistory history = new InMemoryHistory();
        record(history, tx("a", T0.plusNanos(400_000), "20.00", "m1", "FR", "d1"), false, false);

        Transaction now = tx("b", T0.plusNanos(900_000), "30.00", "m1", "FR", "d1");
        Features f = features(now, history.snapshot(now));

        assertEquals(1, f.count1h());
        assertEquals(20.0, f.sum1h());
        assertEquals(0, f.secondsSinceLast());
    }

    @Test
    void aPaymentWithoutADeviceShowsNoNewDevice() {
        InMemoryHistory history = new InMemoryHistory();
        record(history, tx("a", T0.minus(Duration.ofDays(2)), "20.00", "m1", "FR", "d1"), false, false);

        Transaction atTerminal = tx("b", T0, "25.00", "m1", "FR", null);
        Features f = features(atTerminal, history.snapshot(atTerminal));

        assertFalse(f.newDevice());
        assertFalse(f.newCountry());
        assertEquals(2.0, f.walletAgeDays());
    }

    @Test
    void equalPastAmountsHaveNoSpreadSoTheZScoreIsZeroNotMillions() {
        InMemoryHistory history = new InMemoryHistory();
        for (int day = 1; day <= 3; day++) {
            record(history, tx("s" + day, T0.minus(Duration.ofDays(day)), "12.34", "m1", "FR", "d1"), false, false);
        }

        Transaction now = tx("next", T0, "13.34", "m1", "FR", "d1");
        Features f = features(now, history.snapshot(now));

        assertEquals(12.34, f.amountMean30d());
        assertEquals(0.0, f.amountStd30d());
        assertEquals(0.0, f.amountZScore(), "a subscription's next payment is not an anomaly of any size");
    }

    @Test
    void aSpikeOnASteadyWalletIsCappedAt20SdEitherWay() {
        InMemoryHistory history = new InMemoryHistory();
        String[] amounts = {"10.00", "10.01", "10.00", "10.02"};
        for (int i = 0; i < amounts.length; i++) {
            record(history, tx("p" + i, T0.minus(Duration.ofDays(i + 1)), amounts[i], "m1", "FR", "d1"), false, false);
        }

        Transaction spike = tx("spike", T0, "500.00", "m1", "FR", "d2");
        Transaction dip = tx("dip", T0, "0.01", "m1", "FR", "d1");

        assertEquals(20.0, features(spike, history.snapshot(spike)).amountZScore());
        assertEquals(-20.0, features(dip, history.snapshot(dip)).amountZScore());
    }

    @Test
    void lateTransactionGetsTheFeaturesItWouldHaveHad() {
        InMemoryHistory history = new InMemoryHistory();
        record(history, tx("a", T0.minus(Duration.ofHours(2)), "20.00", "m1", "FR", "d1"), false, false);
        WalletHistory snapshot = history.snapshot(tx("x", T0, "1.00", "m1", "FR", "d1"));
        // a later event in the list is ignored by a transaction that occurred earlier
        Transaction late = tx("late", T0.minus(Duration.ofHours(3)), "5.00", "m1", "FR", "d1");
        Features f = features(late, snapshot);
        assertEquals(0, f.count24h());
        assertEquals(-1, f.secondsSinceLast());
    }

    @Test
    void merchantFraudRateIsSmoothedByPrior() {
        Features f = features(tx("t", T0, "1.00", "m1", "FR", "d1"),
                new WalletHistory(java.util.List.of(), null, false, false, false, 10, 5));
        assertEquals(0.25, f.merchantFraudRate());
    }
}
