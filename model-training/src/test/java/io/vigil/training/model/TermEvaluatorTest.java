package io.vigil.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermEvaluatorTest {

    private static final Transaction TX = new Transaction("acme", "t1", "w1", new BigDecimal("250.00"), "EUR", "m1",
            "6051", Channel.ECOM, "RO", "d9", "10.0.0.1", Instant.parse("2026-09-10T03:00:00Z"));
    private static final Features F = new Features(250.0, 3, 5, 9, 300.0, 400.0, 900.0, 40.0, 10.0, 21.0, 4, 2, 2,
            -1, true, true, false, 12.5, 1, 0, 0.2, 3);

    @Test
    void eachOpComputesWhatTheArtifactFormatSays() {
        TermEvaluator evaluator = new TermEvaluator(List.of(
                Term.log1p("amount"),
                Term.log1p("secondsSinceLast"),
                Term.clip("amountZScore", -5, 20),
                Term.identity("newDevice"),
                Term.product("newDevice", "count1h"),
                Term.mccIn("riskyMcc", List.of("6051", "7995")),
                Term.channelIs("TRANSFER"),
                Term.indicatorGt("amount", 200),
                Term.indicatorGt("count1h", 5)));
        assertArrayEquals(new double[] {Math.log1p(250), 0, 20, 1, 3, 1, 0, 1, 0}, evaluator.evaluate(TX, F), 1e-12);
    }

    @Test
    void fraudTermsNameOnlyFeaturesAndHaveAReasonCodeEach() {
        TermEvaluator evaluator = new TermEvaluator(FraudTerms.terms());
        assertEquals(FraudTerms.terms().size(), FraudTerms.reasonCodes().size());
        assertTrue(FraudTerms.terms().stream().flatMap(t -> t.inputs().stream()).allMatch(Features.NAMES::contains));
        assertEquals(evaluator.size(), evaluator.evaluate(TX, F).length);
    }

    @Test
    void refusesUnknownFeaturesOpsAndArity() {
        assertThrows(IllegalArgumentException.class, () -> new TermEvaluator(List.of(Term.identity("nope"))));
        assertThrows(IllegalArgumentException.class,
                () -> new TermEvaluator(List.of(new Term("x", "sqrt", List.of("amount"), null, null, null, null))));
        assertThrows(IllegalArgumentException.class,
                () -> new TermEvaluator(List.of(new Term("x", Term.PRODUCT, List.of("amount"), null, null, null, null))));
    }
}
