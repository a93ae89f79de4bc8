package io.vigil.training.model;

import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import java.util.List;

/** Scores with an artifact's terms, standardisation, weights and bias: the same arithmetic as serving. */
public final class LinearScorer {

    private final TermEvaluator evaluator;
    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;

    public LinearScorer(ModelArtifact artifact) {
        this(new TermEvaluator(artifact.terms()), toArray(artifact.mean()), toArray(artifact.scale()),
                toArray(artifact.weights()), artifact.bias());
    }

    public LinearScorer(TermEvaluator evaluator, double[] mean, double[] scale, double[] weights, double bias) {
        int n = evaluator.size();
        if (mean.length != n || scale.length != n || weights.length != n) {
            throw new IllegalArgumentException("mean, scale and weights need one entry per term (" + n + ")");
        }
        this.evaluator = evaluator;
        this.mean = mean.clone();
        this.scale = scale.clone();
        this.weights = weights.clone();
        this.bias = bias;
    }

    public double score(Transaction tx, Features features) {
        return scoreTerms(evaluator.evaluate(tx, features), 0);
    }

    /** Score of the raw (unstandardised) term values stored in {@code terms} from {@code offset}. */
    public double scoreTerms(double[] terms, int offset) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (terms[offset + i] - mean[i]) / scale[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
