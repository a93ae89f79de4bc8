package io.vigil.enrichment.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Problem.FieldError;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.config.EnrichmentConfig;
import io.vigil.features.ReferenceCurrency;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final TransactionValidator validator = new TransactionValidator(config(),
            new ReferenceCurrency("EUR", Map.of("KWD", new BigDecimal("2.80"), "JPY", new BigDecimal("0.0056"))),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Transaction tx(String amount, String currency, Instant at) {
        return new Transaction("acme", "tx-1", "w-1", new BigDecimal(amount), currency, "m-1", "5411", Channel.ECOM,
                "FR", "dev-1", "2001:db8::1", at);
    }

    private List<String> fields(Transaction tx) {
        return assertThrows(InvalidTransactionException.class, () -> validator.validate(tx)).errors().stream()
                .map(FieldError::field)
                .toList();
    }

    @Test
    void aWellFormedTransactionPasses() {
        assertDoesNotThrow(() -> validator.validate(tx("12.30", "EUR", NOW.minusSeconds(5))));
        assertDoesNotThrow(() -> validator.validate(tx("12.300", "EUR", NOW)), "trailing zeros are not decimals");
        assertDoesNotThrow(() -> validator.validate(tx("1.234", "KWD", NOW)), "three-decimal currency");
    }

    @Test
    void amountsMustBePositiveWithTheCurrencysDecimals() {
        assertEquals(List.of("amount"), fields(tx("0", "EUR", NOW)));
        assertEquals(List.of("amount"), fields(tx("1.005", "EUR", NOW)));
        assertEquals(List.of("amount"), fields(tx("10.5", "JPY", NOW)));
    }

    @Test
    void unknownCurrenciesAndFutureTimesAreRejected() {
        assertEquals(List.of("currency"), fields(tx("1", "eur", NOW)));
        assertEquals(List.of("occurredAt"), fields(tx("1", "EUR", NOW.plus(Duration.ofMinutes(6)))));
        assertDoesNotThrow(() -> validator.validate(tx("1", "EUR", NOW.plus(Duration.ofMinutes(4)))),
                "small clock skew is tolerated");
    }

    @Test
    void aCurrencyWithoutARateToTheReferenceIsRejectedNamingTheSettingToAdd() {
        InvalidTransactionException refused =
                assertThrows(InvalidTransactionException.class, () -> validator.validate(tx("10", "USD", NOW)));
        assertEquals(List.of(new FieldError("currency",
                "has no exchange rate to EUR configured (vigil.enrichment.currency.rates.USD)")), refused.errors());
        assertDoesNotThrow(() -> validator.validate(tx("5000", "JPY", NOW)));
    }

    @Test
    void timesPostgresqlCannotStoreAreRejectedNotFailedOnLater() {
        assertEquals(List.of("occurredAt"), fields(tx("1", "EUR", Instant.parse("-5000-01-01T00:00:00Z"))));
        assertEquals(List.of("occurredAt"), fields(tx("1", "EUR", Instant.EPOCH.minusSeconds(1))));
        assertDoesNotThrow(() -> validator.validate(tx("1", "EUR", Instant.EPOCH)), "a late replay of an old payment");
    }

    @Test
    void missingFieldsAreAllReported() {
        Transaction empty = new Transaction(null, null, " ", null, null, null, null, null, null, null, null, null);
        assertEquals(List.of("tenant", "transactionId", "walletId", "merchantId", "currency", "amount",
                "merchantCategory", "channel", "country", "occurredAt"), fields(empty));
    }

    @Test
    void aTransactionWithoutMerchantCategoryIsRefusedAsTheModelCannotScoreIt() {
        Transaction noMcc = new Transaction("acme", "tx-1", "w-1", new BigDecimal("10"), "EUR", "m-1", null,
                Channel.ECOM, "FR", "dev-1", null, NOW);
        assertEquals(List.of("merchantCategory"), fields(noMcc));
    }

    @Test
    void aBlankDeviceIsRefusedWhileAMissingOneIsAccepted() {
        assertEquals(List.of("deviceId"), fields(new Transaction("acme", "tx-1", "w-1", new BigDecimal("10"), "EUR",
                "m-1", "5411", Channel.CARD_PRESENT, "FR", " ", null, NOW)));
        assertDoesNotThrow(() -> validator.validate(new Transaction("acme", "tx-1", "w-1", new BigDecimal("10"), "EUR",
                "m-1", "5411", Channel.CARD_PRESENT, "FR", null, null, NOW)));
    }

    @Test
    void anAmountOfThousandsOfTrailingZerosIsRefusedBeforeItsDecimalsAreCounted() {
        assertEquals(List.of("amount"), fields(tx("1." + "0".repeat(60_000), "EUR", NOW)));
        assertDoesNotThrow(() -> validator.validate(tx("1." + "0".repeat(30), "EUR", NOW)));
    }

    private static EnrichmentConfig config() {
        return new EnrichmentConfig() {
            @Override
            public ThresholdsConfig thresholds() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Duration maxClockSkew() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Bench bench() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Features features() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Currencies currency() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Outbox outbox() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Inbound inbound() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Purge purge() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
