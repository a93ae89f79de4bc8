package io.vigil.features;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The currency every amount a feature sums or compares is counted in: the one the model was trained in. A wallet
 * that pays in JPY and EUR must not see JPY 5,000 as 5,000 of anything the model knows, nor add it to its euros.
 * Each other currency converts at a fixed rate (units of the reference currency per unit): features need the
 * order of magnitude, so a rate some days old moves them by its drift, not by the factor of a hundred that
 * counting the raw amount would. A currency without a rate is refused rather than guessed.
 */
public final class ReferenceCurrency {

    /**
     * The currency the model is trained in (the generated data's), so the one serving counts in: a fixed code
     * rather than a setting, which could make serving count in another currency than the model learnt.
     */
    public static final String MODEL_CURRENCY = "EUR";

    /** Decimals of a converted amount: below a cent of the reference currency for any rate's precision. */
    public static final int SCALE = 4;

    private final String code;
    private final Map<String, BigDecimal> rates;

    /**
     * @param code  ISO 4217 code of the reference currency
     * @param rates units of the reference currency one unit of each other currency is worth, by ISO 4217 code
     * @throws IllegalArgumentException naming the code or rate that is not one
     */
    public ReferenceCurrency(String code, Map<String, BigDecimal> rates) {
        this.code = isoCode(code);
        Map<String, BigDecimal> checked = new HashMap<>();
        rates.forEach((currency, rate) -> {
            String c = isoCode(currency);
            if (rate == null || rate.signum() <= 0) {
                throw new IllegalArgumentException("the rate of " + c + " must be greater than 0, not " + rate);
            }
            if (c.equals(this.code) && rate.compareTo(BigDecimal.ONE) != 0) {
                throw new IllegalArgumentException(c + " is the reference currency; its rate can only be 1");
            }
            checked.put(c, rate);
        });
        this.rates = Map.copyOf(checked);
    }

    /** A reference currency that converts nothing: every amount must already be in it (training's EUR data). */
    public static ReferenceCurrency only(String code) {
        return new ReferenceCurrency(code, Map.of());
    }

    public String code() {
        return code;
    }

    /** Whether amounts in this currency can be counted. */
    public boolean converts(String currency) {
        return code.equals(currency) || rates.containsKey(currency);
    }

    /**
     * The amount in the reference currency.
     *
     * @throws IllegalArgumentException when the currency has no rate ({@link #converts} is false)
     */
    public BigDecimal convert(BigDecimal amount, String currency) {
        if (code.equals(currency)) {
            return amount;
        }
        BigDecimal rate = rates.get(currency);
        if (rate == null) {
            throw new IllegalArgumentException("no rate converts " + currency + " into " + code);
        }
        return amount.multiply(rate).setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    private static String isoCode(String code) {
        if (code != null && code.length() == 3 && code.equals(code.toUpperCase(Locale.ROOT))) {
            try {
                Currency.getInstance(code);
                return code;
            } catch (IllegalArgumentException notIso) {
                // reported below
            }
        }
        throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 currency code");
    }
}
