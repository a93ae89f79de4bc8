package io.vigil.features;

import io.vigil.contracts.Decision;

/** Score cut-offs: below {@code review} approve, from {@code review} review, from {@code decline} decline. */
public record Thresholds(double review, double decline) {

    public static final Thresholds DEFAULT = new Thresholds(0.5, 0.8);

    public Thresholds {
        if (!(0 < review && review <= decline && decline <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < review <= decline <= 1, got " + review
                    + " / " + decline);
        }
    }

    public Decision decide(double score) {
        return score >= decline ? Decision.DECLINE : score >= review ? Decision.REVIEW : Decision.APPROVE;
    }
}
