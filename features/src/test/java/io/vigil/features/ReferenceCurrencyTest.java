package io.vigil.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceCurrencyTest {

    private final ReferenceCurrency eur = new ReferenceCurrency("EUR",
            Map.of("JPY", new BigDecimal("0.0056"), "USD", new BigDecimal("0.86")));

    @Test
    void anAmountInTheReferenceCurrencyIsCountedAsItIs() {
        BigDecimal amount = new BigDecimal("49.90");
        assertSame(amount, eur.convert(amount, "EUR"));
    }

    @Test
    void otherCurrenciesConvertAtTheirRateToFourDecimals() {
        assertEquals(new BigDecimal("28.0000"), eur.convert(new BigDecimal("5000"), "JPY"));
        assertEquals(new BigDecimal("0.0056"), eur.convert(BigDecimal.ONE, "JPY"));
        assertEquals(new BigDecimal("10.7414"), eur.convert(new BigDecimal("12.49"), "USD"));
    }

    @Test
    void aCurrencyWithoutARateIsNotConvertedNorGuessed() {
        assertFalse(eur.converts("GBP"));
        assertTrue(eur.converts("EUR") && eur.converts("JPY"));
        assertThrows(IllegalArgumentException.class, () -> eur.convert(BigDecimal.TEN, "GBP"));
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceCurrency.only("EUR").convert(BigDecimal.TEN, "USD"));
    }

    @Test
    void settingsThatAreNotRatesAreRefusedNamingThem() {
        assertEquals("the rate of USD must be greater than 0, not 0", assertThrows(IllegalArgumentException.class,
                () -> new ReferenceCurrency("EUR", Map.of("USD", BigDecimal.ZERO))).getMessage());
        assertEquals("'usd' is not an ISO 4217 currency code", assertThrows(IllegalArgumentException.class,
                () -> new ReferenceCurrency("EUR", Map.of("usd", BigDecimal.ONE))).getMessage());
        assertEquals("'EURO' is not an ISO 4217 currency code", assertThrows(IllegalArgumentException.class,
                () -> ReferenceCurrency.only("EURO")).getMessage());
        assertEquals("EUR is the reference currency; its rate can only be 1", assertThrows(
                IllegalArgumentException.class,
                () -> new ReferenceCurrency("EUR", Map.of("EUR", new BigDecimal("1.1")))).getMessage());
        assertTrue(new ReferenceCurrency("EUR", Map.of("EUR", new BigDecimal("1.00"))).converts("EUR"));
    }
}
