package io.vigil.training.eval;

import io.vigil.training.data.Scenario;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How one scorer (the model or the rules baseline) does on the test rows: ranking metrics, the operating
 * points at its review and decline thresholds and at 1 % false-positive rate, and recall per scenario.
 *
 * @param scenarios per scenario: rows, share flagged at review, at decline and at the 1 % FPR threshold
 *     (recall for fraud scenarios, false-alert rate for legitimate ones)
 */
public record ScorerEvaluation(
        String name,
        double prAuc,
        double rocAuc,
        double recallAt1pctFpr,
        double thresholdAt1pctFpr,
        double reviewThreshold,
        double declineThreshold,
        BinaryMetrics.Confusion atReview,
        BinaryMetrics.Confusion atDecline,
        Map<Scenario, ScenarioRates> scenarios,
        List<BinaryMetrics.Point> curve) {

    public static final double FPR = 0.01;

    /** Share of a scenario's rows at or above each threshold. */
    public record ScenarioRates(long rows, double atReview, double atDecline, double at1pctFpr) {}

    public static ScorerEvaluation of(String name, double[] scores, boolean[] labels, Scenario[] scenarios,
            double review, double decline) {
        BinaryMetrics m = new BinaryMetrics(scores, labels);
        BinaryMetrics.Point atFpr = m.atFpr(FPR);
        double fprThreshold = atFpr == null ? Double.POSITIVE_INFINITY : atFpr.threshold();
        Map<Scenario, long[]> counts = new EnumMap<>(Scenario.class);
        for (int i = 0; i < scores.length; i++) {
            long[] c = counts.computeIfAbsent(scenarios[i], s -> new long[4]);
            c[0]++;
            if (scores[i] >= review) {
                c[1]++;
            }
            if (scores[i] >= decline) {
                c[2]++;
            }
            if (scores[i] >= fprThreshold) {
                c[3]++;
            }
        }
        Map<Scenario, ScenarioRates> rates = new EnumMap<>(Scenario.class);
        counts.forEach((s, c) -> rates.put(s, new ScenarioRates(c[0], (double) c[1] / c[0], (double) c[2] / c[0],
                (double) c[3] / c[0])));
        return new ScorerEvaluation(name, m.prAuc(), m.rocAuc(), atFpr == null ? 0 : atFpr.recall(), fprThreshold,
                review, decline, m.confusion(review), m.confusion(decline), rates, m.curve());
    }
}
