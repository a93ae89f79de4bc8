package io.vigil.enrichment.model;

import io.vigil.contracts.ScoreResult;

/** A score and whether it came from the rules fallback instead of ml-engine. */
public record Scoring(ScoreResult result, boolean degraded) {}
