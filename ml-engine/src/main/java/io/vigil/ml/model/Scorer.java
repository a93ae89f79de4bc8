package io.vigil.ml.model;

import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.ScoreResult;

/** A loaded, immutable and thread-safe way of scoring a transaction. */
public interface Scorer {

    String version();

    /** Score, decision and reasons. */
    ScoreResult score(EnrichedTransaction transaction);

    /** Score only, for shadow comparisons where reasons are not needed. */
    double probability(EnrichedTransaction transaction);
}
