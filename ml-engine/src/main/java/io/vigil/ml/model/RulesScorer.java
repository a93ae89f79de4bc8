package io.vigil.ml.model;

import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.ScoreResult;
import io.vigil.features.RuleScorer;
import io.vigil.features.Thresholds;

/** The documented rules scorer as a {@link Scorer}: the champion when no artifact is deployed. */
public final class RulesScorer implements Scorer {

    private final Thresholds thresholds;

    public RulesScorer(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public String version() {
        return RuleScorer.VERSION;
    }

    @Override
    public ScoreResult score(EnrichedTransaction transaction) {
        return RuleScorer.score(transaction, thresholds);
    }

    @Override
    public double probability(EnrichedTransaction transaction) {
        return RuleScorer.score(transaction, thresholds).score();
    }
}
