package io.vigil.training.model;

import io.vigil.features.RuleScorer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engineered inputs of the fraud model and the reason code each one reports. Terms name features only
 * (never other terms), so serving needs nothing but the feature vector and the transaction's MCC and channel.
 *
 * <p>{@code walletAgeDays} and {@code hourOfDay} are left out on purpose: every synthetic wallet starts on the
 * first day of the stream, so its age only measures the calendar (and would shift between the training and
 * test periods), and the hour profile is not something a linear term can use.
 *
 * <p>So is {@code newDevice * count1h}: about one training row in ten thousand has it above zero (a new device
 * mid-burst), all legitimate, and its scale of 0.011 made each payment of the hour worth -2.3 to the log-odds, so a
 * burst from a new device was approved where the same burst from a known device was declined. ml-engine's
 * {@code BundledArtifactTest} checks that no first-seen signal lowers a score.
 */
public final class FraudTerms {

    private static final Map<Term, String> TERMS = new LinkedHashMap<>();

    static {
        add(Term.log1p("amount"), "AMOUNT");
        add(Term.log1p("amountMean30d"), "SPEND_HISTORY");
        add(Term.clip("amountZScore", -5, 20), "AMOUNT_ANOMALY");
        add(Term.indicatorGt("amount", 200), "HIGH_AMOUNT");
        add(Term.identity("newDevice"), "NEW_DEVICE");
        add(Term.identity("newCountry"), "NEW_COUNTRY");
        add(Term.identity("newMerchant"), "NEW_MERCHANT");
        add(Term.product("newDevice", "newCountry"), "NEW_DEVICE_NEW_COUNTRY");
        add(Term.product("newDevice", "newMerchant"), "NEW_DEVICE_NEW_MERCHANT");
        add(Term.product("newDevice", "amountZScore"), "NEW_DEVICE_HIGH_AMOUNT");
        add(Term.product("newMerchant", "amountZScore"), "NEW_MERCHANT_HIGH_AMOUNT");
        add(Term.log1p("count1h"), "VELOCITY");
        add(Term.indicatorGt("count1h", 5), "VELOCITY");
        add(Term.log1p("sum1h"), "VELOCITY_AMOUNT");
        add(Term.log1p("count24h"), "VELOCITY_24H");
        add(Term.log1p("count7d"), "ACTIVITY_7D");
        add(Term.clip("distinctMerchants24h", 0, 30), "MANY_MERCHANTS");
        add(Term.product("newMerchant", "distinctMerchants24h"), "MANY_NEW_MERCHANTS");
        add(Term.clip("distinctCountries24h", 0, 5), "MULTI_COUNTRY");
        add(Term.clip("distinctDevices7d", 0, 5), "MULTI_DEVICE");
        add(Term.log1p("secondsSinceLast"), "RAPID_SUCCESSION");
        add(Term.clip("declined24h", 0, 10), "RECENT_DECLINES");
        add(Term.clip("fraud30d", 0, 10), "RECENT_FRAUD");
        add(Term.identity("merchantFraudRate"), "RISKY_MERCHANT");
        add(Term.mccIn("riskyMcc", RuleScorer.RISKY_MCC.stream().sorted().toList()), "RISKY_MCC");
        for (String channel : List.of("ECOM", "TRANSFER", "MOTO", "WALLET", "ATM")) {
            add(Term.channelIs(channel), "CHANNEL_" + channel);
        }
    }

    private FraudTerms() {}

    private static void add(Term term, String reasonCode) {
        TERMS.put(term, reasonCode);
    }

    public static List<Term> terms() {
        return List.copyOf(TERMS.keySet());
    }

    /** Term name to reason code. */
    public static Map<String, String> reasonCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        TERMS.forEach((term, code) -> codes.put(term.name(), code));
        return codes;
    }
}
