package io.vigil.ml.model;

import io.vigil.features.Thresholds;
import java.time.Instant;
import java.util.Locale;

/**
 * A model slot after start-up: either a scorer ready to serve, or the reason it could not be loaded.
 * {@code artifact} is null for the rules scorer and for artifacts that failed before parsing.
 */
public record LoadedModel(
        Role role, String source, Instant loadedAt, ModelArtifact artifact, Scorer scorer, Thresholds thresholds,
        String error) {

    public enum Role {
        CHAMPION,
        CHALLENGER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static LoadedModel ready(Role role, String source, ModelArtifact artifact, Scorer scorer, Thresholds thresholds) {
        return new LoadedModel(role, source, Instant.now(), artifact, scorer, thresholds, null);
    }

    public static LoadedModel failed(Role role, String source, String error) {
        return new LoadedModel(role, source, Instant.now(), null, null, null, error);
    }

    public boolean isReady() {
        return scorer != null;
    }
}
