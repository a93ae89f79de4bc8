package io.vigil.training.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The model file ml-engine serves ({@code vigil-model/1}): terms, standardisation, weights, bias, reason codes,
 * default thresholds, headline metrics, training provenance and a checksum ({@link ArtifactCodec}).
 * score = sigmoid(bias + sum_i weights[i] * (term_i - mean[i]) / scale[i]).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelArtifact(
        String format,
        String name,
        String version,
        String algorithm,
        List<String> features,
        List<Term> terms,
        List<Double> mean,
        List<Double> scale,
        List<Double> weights,
        double bias,
        Map<String, String> reasonCodes,
        Thresholds thresholds,
        Metrics metrics,
        Training training,
        String checksum) {

    public static final String FORMAT = "vigil-model/1";
    public static final String NAME = "vigil-fraud";
    public static final String ALGORITHM = "logistic-regression";

    /** Default decision cut-offs; ml-engine configuration may override them. */
    public record Thresholds(double review, double decline) {}

    /** Test-set figures of the model and of the rules baseline on the same rows. */
    public record Metrics(double prAuc, double rocAuc, double recallAt1pctFpr, double rulesPrAuc,
            double rulesRecallAt1pctFpr) {}

    /** Where the model came from. */
    public record Training(long dataSeed, int wallets, int days, Instant trainedAt, String library, int trainRows,
            int testRows) {}

    public ModelArtifact withChecksum(String value) {
        return new ModelArtifact(format, name, version, algorithm, features, terms, mean, scale, weights, bias,
                reasonCodes, thresholds, metrics, training, value);
    }

    /** File name under the models directory, e.g. {@code vigil-fraud-lr-20261123-s7.json}. */
    public String fileName() {
        return name + "-" + version + ".json";
    }
}
