package io.vigil.ml.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.contracts.Features;
import io.vigil.features.RuleScorer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One loaded (or failed) model as {@code GET /v1/models} shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDescription(
        String role,
        String status,
        String name,
        String version,
        String algorithm,
        List<String> features,
        Thresholds thresholds,
        Map<String, Object> metrics,
        Map<String, Object> training,
        String checksum,
        String source,
        Instant loadedAt,
        String error) {

    public static final String READY = "READY";
    public static final String FAILED = "FAILED";
    public static final String RULES_SOURCE = "builtin:" + RuleScorer.class.getName();

    /** Effective decision thresholds (artifact defaults with configuration overrides applied). */
    public record Thresholds(double review, double decline) {}

    public static ModelDescription of(LoadedModel m) {
        String role = m.role().label();
        if (!m.isReady()) {
            return new ModelDescription(role, FAILED, null, null, null, null, null, null, null, null, m.source(),
                    m.loadedAt(), m.error());
        }
        Thresholds thresholds = new Thresholds(m.thresholds().review(), m.thresholds().decline());
        ModelArtifact a = m.artifact();
        if (a == null) {
            return new ModelDescription(role, READY, "vigil-rules", m.scorer().version(), "rules", Features.NAMES,
                    thresholds, Map.of(), Map.of(), null, m.source(), m.loadedAt(), null);
        }
        return new ModelDescription(role, READY, a.name(), a.version(), a.algorithm(), a.features(), thresholds,
                a.metrics() == null ? Map.of() : a.metrics(), a.training() == null ? Map.of() : a.training(),
                a.checksum(), m.source(), m.loadedAt(), null);
    }
}
