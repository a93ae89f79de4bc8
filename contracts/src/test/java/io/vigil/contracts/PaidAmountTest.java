package io.vigil.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PaidAmountTest {

    private static EnrichedTransaction paid(String amount, String currency, double counted) {
        Transaction tx = new Transaction("acme", "tx-1", "w-1", new BigDecimal(amount), currency, "m-1", "5411",
                Channel.ECOM, "FR", "d-1", null, Instant.parse("2026-11-23T10:15:30Z"));
        Features f = new Features(counted, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, false, false, false, 0, 0, 0, 0,
                10);
        return new EnrichedTransaction(tx, f);
    }

    @Test
    void anAmountInTheModelsCurrencyIsShownAsPaid() {
        assertEquals("49.90 EUR", PaidAmount.of(paid("49.90", "EUR", 49.9)));
    }

    @Test
    void aConvertedAmountShowsWhatTheFeaturesCountedBesideIt() {
        assertEquals("40000 JPY (224.00 in the model's currency)", PaidAmount.of(paid("40000", "JPY", 224.0)));
    }
}
