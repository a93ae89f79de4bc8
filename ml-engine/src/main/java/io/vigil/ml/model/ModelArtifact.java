package io.vigil.ml.model;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * A trained model as written by model-training (format {@value #FORMAT}). Read with Jackson, so it is
 * registered for reflection; {@link ArtifactReader} checks it before anything scores with it.
 */
@RegisterForReflection
public record ModelArtifact(
        String format,
        String name,
        String version,
        String algorithm,
        List<String> features,
        List<Term> terms,
        double[] mean,
        double[] scale,
        double[] weights,
        Double bias,
        Map<String, String> reasonCodes,
        ArtifactThresholds thresholds,
        Map<String, Object> metrics,
        Map<String, Object> training,
        String checksum) {

    public static final String FORMAT = "vigil-model/1";

    /** One model input derived from the features; see {@link TermOp} for the operations. */
    @RegisterForReflection
    public record Term(
            String name, String op, List<String> inputs, Double min, Double max, Double threshold, List<String> values) {}

    /** Default decision thresholds of the artifact. */
    @RegisterForReflection
    public record ArtifactThresholds(Double review, Double decline) {}
}
