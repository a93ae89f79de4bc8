package io.vigil.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training's histories answer what serving's snapshot answers: only what happened strictly before. */
class InMemoryHistoryTest {

    private static final Instant T = Instant.parse("2026-11-23T10:15:30Z");

    private static Transaction tx(String id, String merchant, String country, String device, Instant at) {
        return new Transaction("acme", id, "w-1", new BigDecimal("25.00"), "EUR", merchant, "5411", Channel.ECOM,
                country, device, null, at);
    }

    @Test
    void aPaymentInTheSameSecondIsNotYetInTheHistoryOfTheNext() {
        InMemoryHistory history = new InMemoryHistory();
        history.record(tx("tx-1", "m-1", "FR", "d-1", T), 25.0, false, true);

        assertEquals(new WalletHistory(List.of(), null, false, false, false, 0, 0),
                history.snapshot(tx("tx-2", "m-1", "FR", "d-1", T)));

        WalletHistory later = history.snapshot(tx("tx-3", "m-1", "FR", "d-1", T.plusSeconds(1)));
        assertEquals(1, later.recent().size());
        assertEquals(T, later.firstSeenAt());
        assertEquals(List.of(true, true, true, 1, 1), List.of(later.deviceSeen(), later.countrySeen(),
                later.merchantSeen(), later.merchantCount30d(), later.merchantFraud30d()));
    }

    @Test
    void aDeviceFirstUsedInTheSameSecondIsNewWhereTheWalletsOlderOnesAreNot() {
        InMemoryHistory history = new InMemoryHistory();
        history.record(tx("tx-1", "m-1", "FR", "d-1", T.minusSeconds(60)), 25.0, false, false);
        history.record(tx("tx-2", "m-2", "DE", "d-2", T), 25.0, false, false);

        WalletHistory burst = history.snapshot(tx("tx-3", "m-2", "DE", "d-2", T));
        assertEquals(1, burst.recent().size());
        assertEquals(T.minusSeconds(60), burst.firstSeenAt());
        assertEquals(List.of(false, false, false), List.of(burst.deviceSeen(), burst.countrySeen(),
                burst.merchantSeen()));
        WalletHistory known = history.snapshot(tx("tx-4", "m-1", "FR", "d-1", T));
        assertEquals(List.of(true, true, true), List.of(known.deviceSeen(), known.countrySeen(),
                known.merchantSeen()));
    }
}
