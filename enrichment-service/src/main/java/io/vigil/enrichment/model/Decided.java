package io.vigil.enrichment.model;

/**
 * A decision's answer as JSON (a {@code DecisionResponse}), and whether it was stored before this request (a
 * replay) rather than made by it.
 */
public record Decided(String json, boolean replayed) {}
