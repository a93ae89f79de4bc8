package io.vigil.enrichment.service;

import io.vigil.contracts.Problem.FieldError;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.config.EnrichmentConfig;
import io.vigil.features.ReferenceCurrency;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The contract of a Transaction, applied alike to REST bodies and Kafka events. */
@ApplicationScoped
public class TransactionValidator {

    private static final int MAX_ID = 128;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]+");
    private static final Pattern MCC = Pattern.compile("\\d{4}");
    private static final Pattern IP = Pattern.compile("[0-9A-Fa-f.:]{2,45}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final EnrichmentConfig config;
    private final ReferenceCurrency referenceCurrency;
    private final Clock clock;

    @Inject
    public TransactionValidator(EnrichmentConfig config, ReferenceCurrency referenceCurrency) {
        this(config, referenceCurrency, Clock.systemUTC());
    }

    TransactionValidator(EnrichmentConfig config, ReferenceCurrency referenceCurrency, Clock clock) {
        this.config = config;
        this.referenceCurrency = referenceCurrency;
        this.clock = clock;
    }

    /** Throws {@link InvalidTransactionException} listing every broken field. */
    public void validate(Transaction tx) {
        if (tx == null) {
            throw new InvalidTransactionException(List.of(new FieldError("body", "a transaction is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        identifier(errors, "tenant", tx.tenant(), true);
        identifier(errors, "transactionId", tx.transactionId(), true);
        identifier(errors, "walletId", tx.walletId(), true);
        identifier(errors, "merchantId", tx.merchantId(), true);
        identifier(errors, "deviceId", tx.deviceId(), false);
        Currency currency = currency(errors, tx.currency());
        if (currency != null && !referenceCurrency.converts(tx.currency())) {
            // the features would count its amounts as if they were the reference currency's
            errors.add(new FieldError("currency", "has no exchange rate to " + referenceCurrency.code()
                    + " configured (vigil.enrichment.currency.rates." + tx.currency() + ")"));
        }
        amount(errors, tx.amount(), currency);
        if (tx.merchantCategory() == null) {
            // ml-engine scores nothing without it: each such payment would be decided by the rules and count
            // against the circuit breaker that guards the model for every other payment
            errors.add(new FieldError("merchantCategory", "is required"));
        } else if (!MCC.matcher(tx.merchantCategory()).matches()) {
            errors.add(new FieldError("merchantCategory", "must be a 4-digit MCC"));
        }
        if (tx.channel() == null) {
            errors.add(new FieldError("channel", "is required"));
        }
        if (tx.country() == null || !COUNTRIES.contains(tx.country())) {
            errors.add(new FieldError("country", "must be an ISO 3166-1 alpha-2 code in upper case"));
        }
        if (tx.ipAddress() != null && !IP.matcher(tx.ipAddress()).matches()) {
            errors.add(new FieldError("ipAddress", "must be an IPv4 or IPv6 address"));
        }
        if (tx.occurredAt() == null) {
            errors.add(new FieldError("occurredAt", "is required"));
        } else if (tx.occurredAt().isAfter(Instant.now(clock).plus(config.maxClockSkew()))) {
            errors.add(new FieldError("occurredAt", "lies in the future"));
        } else if (tx.occurredAt().isBefore(Instant.EPOCH)) {
            // a valid ISO-8601 year such as -5000 that PostgreSQL cannot store (it ends at 4713 BC)
            errors.add(new FieldError("occurredAt", "must not lie before 1970"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidTransactionException(errors);
        }
    }

    private static void identifier(List<FieldError> errors, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (value.isBlank()) {
            // stored as sent, a blank device would be one more device, new to every wallet: leave it out instead
            errors.add(new FieldError(field, required ? "is required" : "must be left out rather than blank"));
        } else if (value.length() > MAX_ID || !ID.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_ID + " letters, digits or ._:@-"));
        }
    }

    private static Currency currency(List<FieldError> errors, String code) {
        if (code != null && code.length() == 3 && code.equals(code.toUpperCase(Locale.ROOT))) {
            try {
                return Currency.getInstance(code);
            } catch (IllegalArgumentException unknown) {
                // reported below
            }
        }
        errors.add(new FieldError("currency", "must be an ISO 4217 code"));
        return null;
    }

    private static void amount(List<FieldError> errors, BigDecimal amount, Currency currency) {
        if (amount == null) {
            errors.add(new FieldError("amount", "is required"));
        } else if (amount.signum() <= 0) {
            errors.add(new FieldError("amount", "must be greater than 0"));
        } else if (amount.precision() > Transaction.MAX_AMOUNT_DIGITS) {
            errors.add(new FieldError("amount", "must have at most " + Transaction.MAX_AMOUNT_DIGITS + " digits"));
        } else if (amount.compareTo(Transaction.MAX_AMOUNT) >= 0) {
            errors.add(new FieldError("amount", "must be below " + Transaction.MAX_AMOUNT.toPlainString()));
        } else if (currency != null
                && currency.getDefaultFractionDigits() >= 0
                && amount.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            errors.add(new FieldError("amount",
                    "has more than " + currency.getDefaultFractionDigits() + " decimals for " + currency));
        }
    }
}
