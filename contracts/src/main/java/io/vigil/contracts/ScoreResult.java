package io.vigil.contracts;

import java.util.List;

/** Answer of ml-engine's {@code POST /v1/score}. {@code score} is in [0, 1]. */
public record ScoreResult(double score, Decision decision, List<Reason> reasons, String modelVersion) {}
