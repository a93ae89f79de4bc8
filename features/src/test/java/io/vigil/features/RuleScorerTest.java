package io.vigil.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Decision;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.Reason;
import io.vigil.contracts.ScoreResult;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RuleScorerTest {

    static EnrichedTransaction enriched(String amount, String mcc, Features f) {
        Transaction tx = new Transaction("acme", "t", "w", new BigDecimal(amount), "EUR", "m", mcc, Channel.ECOM, "BR",
                "d", "10.0.0.1", Instant.parse("2026-11-01T12:00:00Z"));
        return new EnrichedTransaction(tx, f);
    }

    static Features features(double amount, boolean newDevice, boolean newCountry, double mean) {
        return new Features(amount, 0, 1, 3, 0, 20, 60, mean, 5, 0.5, 1, 1, 1, 7200, newDevice, newCountry, false, 90,
                0, 0, 0, 12);
    }

    @Test
    void habitualPaymentIsApprovedWithoutReasons() {
        ScoreResult r = RuleScorer.score(enriched("20.00", "5411", features(20, false, false, 22)), Thresholds.DEFAULT);
        assertEquals(0.0, r.score());
        assertEquals(Decision.APPROVE, r.decision());
        assertTrue(r.reasons().isEmpty());
        assertEquals(RuleScorer.VERSION, r.modelVersion());
    }

    @Test
    void accountTakeoverPatternIsDeclinedAndNamesDeviceAndCountry() {
        ScoreResult r = RuleScorer.score(enriched("900.00", "5732", features(900, true, true, 25)), Thresholds.DEFAULT);
        assertEquals(Decision.DECLINE, r.decision());
        assertEquals(1 - 0.25 * 0.85 * 0.85, r.score(), 1e-4);
        assertEquals("RULE_ACCOUNT_TAKEOVER", r.reasons().get(0).code());
        assertTrue(r.reasons().stream().map(Reason::code).toList().containsAll(
                java.util.List.of("RULE_NEW_DEVICE", "RULE_NEW_COUNTRY")));
    }

    @Test
    void riskyMerchantCategoryAloneStaysApproved() {
        ScoreResult r = RuleScorer.score(enriched("20.00", "7995", features(20, false, false, 22)), Thresholds.DEFAULT);
        assertEquals(0.25, r.score());
        assertEquals(Decision.APPROVE, r.decision());
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(0.9, 0.5));
        assertEquals(Decision.REVIEW, new Thresholds(0.3, 0.9).decide(0.3));
    }
}
