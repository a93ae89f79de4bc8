package io.vigil.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import io.vigil.training.data.Scenario;
import org.junit.jupiter.api.Test;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

class LogisticRegressionTrainerTest {

    private static final List<String> NAMES = List.of("a", "b", "noise");

    /** Fraud probability rises with a, falls with b; noise carries nothing. */
    private static TermMatrix synthetic(int rows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TermMatrix m = new TermMatrix(3, rows);
        for (int i = 0; i < rows; i++) {
            double a = rnd.nextGaussian(), b = rnd.nextGaussian() * 3 + 10, noise = rnd.nextGaussian();
            double p = 1 / (1 + Math.exp(-(-3 + 2 * a - 0.5 * (b - 10))));
            boolean fraud = rnd.nextDouble() < p;
            int offset = m.add(fraud, fraud ? Scenario.CARD_TESTING : Scenario.NORMAL, 0, 0);
            m.values()[offset] = a;
            m.values()[offset + 1] = b;
            m.values()[offset + 2] = noise;
        }
        return m;
    }

    @Test
    void exportedWeightsReproduceTribuoProbabilitiesAndRecoverTheSignal() {
        TermMatrix m = synthetic(20_000, 5);
        int[] rows = IntStream.range(0, m.rows()).toArray();
        Standardisation std = Standardisation.fit(m, rows);
        LogisticRegressionTrainer.Result result = new LogisticRegressionTrainer(1.0, 1).train(m, rows, std, NAMES);
        double[] w = result.weights().weights();

        for (int r = 0; r < 200; r++) {
            double[] z = new double[3];
            double logit = result.weights().bias();
            for (int j = 0; j < 3; j++) {
                z[j] = std.apply(j, m.values()[r * 3 + j]);
                logit += w[j] * z[j];
            }
            Prediction<Label> p = result.model().predict(new ArrayExample<>(LogisticRegressionTrainer.FRAUD,
                    NAMES.toArray(String[]::new), z));
            assertEquals(p.getOutputScores().get("fraud").getScore(), 1 / (1 + Math.exp(-logit)), 1e-9);
        }
        assertTrue(w[0] > 1.0, "a per sd " + w[0]);
        assertTrue(w[1] < -0.5, "b per sd " + w[1]);
        assertTrue(Math.abs(w[2]) < 0.2, "noise " + w[2]);
    }

    @Test
    void sameDataAndSeedGiveTheSameWeights() {
        TermMatrix m = synthetic(5_000, 9);
        int[] rows = IntStream.range(0, m.rows()).toArray();
        Standardisation std = Standardisation.fit(m, rows);
        LogisticRegressionTrainer.Weights first = new LogisticRegressionTrainer(0.1, 4).train(m, rows, std, NAMES).weights();
        LogisticRegressionTrainer.Weights second = new LogisticRegressionTrainer(0.1, 4).train(m, rows, std, NAMES).weights();
        assertEquals(List.of(first.bias(), first.weights()[0], first.weights()[1], first.weights()[2]),
                List.of(second.bias(), second.weights()[0], second.weights()[1], second.weights()[2]));
    }

    @Test
    void standardisationUsesSampleMeanAndDeviationAndKeepsConstantTermsHarmless() {
        TermMatrix m = new TermMatrix(2, 4);
        double[][] values = {{1, 5}, {2, 5}, {3, 5}, {4, 5}};
        for (double[] v : values) {
            int o = m.add(false, Scenario.NORMAL, 0, 0);
            m.values()[o] = v[0];
            m.values()[o + 1] = v[1];
        }
        Standardisation s = Standardisation.fit(m, new int[] {0, 1, 2, 3});
        assertEquals(2.5, s.mean()[0], 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.scale()[0], 1e-12);
        assertEquals(1.0, s.scale()[1], 0);
        assertEquals(0, s.apply(1, 5), 0);
    }
}
