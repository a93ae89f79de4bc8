package io.vigil.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    private static final double EPS = 1e-12;

    // Ranked: +, -, +, -, -, +   (3 fraud, 3 legit)
    private final BinaryMetrics ranked = new BinaryMetrics(
            new double[] {0.9, 0.8, 0.7, 0.6, 0.5, 0.4},
            new boolean[] {true, false, true, false, false, true});

    @Test
    void averagePrecisionSumsPrecisionAtEachRecallStep() {
        // recall steps of 1/3 at precisions 1/1, 2/3 and 3/6
        assertEquals((1.0 + 2.0 / 3 + 0.5) / 3, ranked.prAuc(), EPS);
    }

    @Test
    void rocAucIsTheShareOfCorrectlyOrderedPairs() {
        // fraud 0.9 beats 3 legit, 0.7 beats 2, 0.4 beats none: 5 of 9 pairs
        assertEquals(5.0 / 9, ranked.rocAuc(), EPS);
    }

    @Test
    void recallAtFprStopsAtTheLastThresholdWithinTheBudget() {
        assertEquals(2.0 / 3, ranked.recallAtFpr(1.0 / 3), EPS);
        assertEquals(0.7, ranked.atFpr(1.0 / 3).threshold(), EPS);
        assertEquals(1.0 / 3, ranked.recallAtFpr(0.0), EPS);
        assertEquals(1.0, ranked.recallAtFpr(1.0), EPS);
    }

    @Test
    void tiedScoresFormOneStep() {
        BinaryMetrics tied = new BinaryMetrics(new double[] {0.9, 0.5, 0.5, 0.1},
                new boolean[] {true, true, false, false});
        assertEquals(0.5 * 1 + 0.5 * 2.0 / 3, tied.prAuc(), EPS);
        assertEquals(3.5 / 4, tied.rocAuc(), EPS);
        assertEquals(3, tied.curve().size());
        // flagging the tie would cost 50 % false positives, so at 10 % only the top score counts
        assertEquals(0.5, tied.recallAtFpr(0.1), EPS);
    }

    @Test
    void noThresholdQualifiesWhenTheTopScoreIsLegit() {
        BinaryMetrics worst = new BinaryMetrics(new double[] {0.9, 0.1}, new boolean[] {false, true});
        assertNull(worst.atFpr(0.01));
        assertEquals(0, worst.recallAtFpr(0.01), EPS);
        assertEquals(0, worst.rocAuc(), EPS);
    }

    @Test
    void confusionAndOperatingThresholds() {
        BinaryMetrics.Confusion c = ranked.confusion(0.7);
        assertEquals(new BinaryMetrics.Confusion(2, 1, 2, 1), c);
        assertEquals(2.0 / 3, c.precision(), EPS);
        assertEquals(0.5, c.alertRate(), EPS);
        assertEquals(0.8, ranked.thresholdForAlertRate(2.0 / 6), EPS);
        assertEquals(0.9, ranked.lowestThresholdWithPrecision(1.0), EPS);
        assertEquals(0.7, ranked.lowestThresholdWithPrecision(0.6), EPS);
        assertTrue(Double.isNaN(new BinaryMetrics(new double[] {0.9, 0.1}, new boolean[] {false, true})
                .lowestThresholdWithPrecision(0.8)));
    }

    @Test
    void refusesLabelsOfOneClassOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> new BinaryMetrics(new double[] {0.1, 0.2}, new boolean[] {true, true}));
    }
}
