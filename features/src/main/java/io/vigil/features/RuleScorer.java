package io.vigil.features;

import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.PaidAmount;
import io.vigil.contracts.Reason;
import io.vigil.contracts.ScoreResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules-only scorer: the baseline the trained model must beat, the decision-maker when no
 * model is loaded, and enrichment's fallback when ml-engine cannot be reached. Deterministic.
 *
 * <p>Each rule that fires adds a risk weight; the score is {@code 1 - prod(1 - w)} over fired rules,
 * so independent signals compound without leaving [0, 1]. Rules, in the order they are checked:
 * <ul>
 *   <li>RULE_ACCOUNT_TAKEOVER 0.75: new device and new country and amount above max(3 x 30-day mean, 200)
 *   <li>RULE_CARD_TESTING 0.55: amount below 5 with at least 4 distinct merchants in 24 h
 *   <li>RULE_VELOCITY 0.40: at least 6 transactions in the last hour
 *   <li>RULE_AMOUNT_ANOMALY 0.40: z-score of the amount at least 4 over 30 days
 *   <li>RULE_RECENT_FRAUD 0.40: a fraud-labelled transaction in 30 days
 *   <li>RULE_RECENT_DECLINES 0.30: at least 2 declined transactions in 24 h
 *   <li>RULE_RISKY_MERCHANT 0.30: merchant fraud rate at least 0.1
 *   <li>RULE_RISKY_MCC 0.25: gambling, quasi-cash, money transfer, crypto or direct marketing MCC
 *   <li>RULE_NEW_DEVICE 0.15, RULE_NEW_COUNTRY 0.15: first use by a known wallet
 * </ul>
 */
public final class RuleScorer {

    public static final String VERSION = "rules-1";

    /** Gambling, quasi-cash, wire transfer / money orders, crypto and direct-marketing MCCs. */
    public static final Set<String> RISKY_MCC = Set.of("7995", "6051", "4829", "6540", "5967", "6211", "7801", "7802");

    private RuleScorer() {}

    public static ScoreResult score(EnrichedTransaction enriched, Thresholds thresholds) {
        Features f = enriched.features();
        List<Reason> reasons = new ArrayList<>(4);
        double amount = f.amount();
        if (f.newDevice() && f.newCountry() && amount > Math.max(3 * f.amountMean30d(), 200)) {
            reasons.add(new Reason("RULE_ACCOUNT_TAKEOVER",
                    "new device and new country with amount " + PaidAmount.of(enriched), 0.75));
        }
        if (amount < 5 && f.distinctMerchants24h() >= 4) {
            reasons.add(new Reason("RULE_CARD_TESTING",
                    "small amount after " + f.distinctMerchants24h() + " merchants in 24h", 0.55));
        }
        if (f.count1h() >= 6) {
            reasons.add(new Reason("RULE_VELOCITY", f.count1h() + " transactions in the last hour", 0.40));
        }
        if (f.amountZScore() >= 4) {
            reasons.add(new Reason("RULE_AMOUNT_ANOMALY",
                    String.format(Locale.ROOT, "amount z-score %.1f over 30 days", f.amountZScore()), 0.40));
        }
        if (f.fraud30d() > 0) {
            reasons.add(new Reason("RULE_RECENT_FRAUD", f.fraud30d() + " fraud-labelled transactions in 30 days", 0.40));
        }
        if (f.declined24h() >= 2) {
            reasons.add(new Reason("RULE_RECENT_DECLINES", f.declined24h() + " declines in 24h", 0.30));
        }
        if (f.merchantFraudRate() >= 0.1) {
            reasons.add(new Reason("RULE_RISKY_MERCHANT",
                    String.format(Locale.ROOT, "merchant fraud rate %.2f", f.merchantFraudRate()), 0.30));
        }
        String mcc = enriched.transaction().merchantCategory();
        if (mcc != null && RISKY_MCC.contains(mcc)) {
            reasons.add(new Reason("RULE_RISKY_MCC", "high-risk merchant category " + mcc, 0.25));
        }
        if (f.newDevice()) {
            reasons.add(new Reason("RULE_NEW_DEVICE", "first payment from this device", 0.15));
        }
        if (f.newCountry()) {
            reasons.add(new Reason("RULE_NEW_COUNTRY",
                    "first payment from " + enriched.transaction().country(), 0.15));
        }
        double keep = 1;
        for (Reason r : reasons) {
            keep *= 1 - r.weight();
        }
        double score = Math.round((1 - keep) * 10_000.0) / 10_000.0;
        return new ScoreResult(score, thresholds.decide(score), List.copyOf(reasons), VERSION);
    }
}
