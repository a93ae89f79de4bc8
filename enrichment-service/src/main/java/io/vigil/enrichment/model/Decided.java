package io.vigil.enrichment.model;

import io.vigil.contracts.DecisionResponse;

/** A decision's answer, and whether it was stored before this request (a replay) rather than made by it. */
public record Decided(DecisionResponse response, boolean replayed) {}
