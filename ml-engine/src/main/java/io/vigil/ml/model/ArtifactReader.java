package io.vigil.ml.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vigil.contracts.Channel;
import io.vigil.contracts.Features;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses an artifact and refuses it unless it can be served as is: known format, feature list equal
 * to {@link Features#NAMES}, consistent terms and arrays, finite numbers, valid thresholds and a
 * matching checksum. Every problem found is reported, so one start-up shows everything to fix.
 */
public final class ArtifactReader {

    // Unknown members are tolerated: training metadata may grow without breaking serving.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ArtifactReader() {}

    /** Reads and verifies the artifact; {@code origin} names it in error messages. */
    public static ModelArtifact read(byte[] json, String origin) throws InvalidArtifactException {
        ModelArtifact artifact;
        String actualChecksum;
        try {
            artifact = MAPPER.readValue(json, ModelArtifact.class);
            actualChecksum = ArtifactChecksum.of(json);
        } catch (JsonProcessingException e) {
            throw new InvalidArtifactException(
                    "model artifact " + origin + " is not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new InvalidArtifactException("model artifact " + origin + " cannot be read: " + e.getMessage(), e);
        }
        if (artifact == null) {
            throw new InvalidArtifactException("model artifact " + origin + " is empty (JSON null)");
        }
        List<String> problems = problemsOf(artifact, actualChecksum);
        if (!problems.isEmpty()) {
            throw new InvalidArtifactException("model artifact " + origin + " is invalid: " + String.join("; ", problems));
        }
        return artifact;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    static List<String> problemsOf(ModelArtifact a, String actualChecksum) {
        List<String> problems = new ArrayList<>();
        if (!ModelArtifact.FORMAT.equals(a.format())) {
            problems.add("format is '" + a.format() + "', expected '" + ModelArtifact.FORMAT + "'");
        }
        requireText(problems, "name", a.name());
        requireText(problems, "version", a.version());
        requireText(problems, "algorithm", a.algorithm());
        if (!Features.NAMES.equals(a.features())) {
            problems.add("feature list " + a.features() + " differs from the served features " + Features.NAMES);
        }
        int n = a.terms() == null ? 0 : a.terms().size();
        if (n == 0) {
            problems.add("no terms");
        } else {
            checkTerms(problems, a.terms());
        }
        checkArray(problems, "mean", a.mean(), n, false);
        checkArray(problems, "scale", a.scale(), n, true);
        checkArray(problems, "weights", a.weights(), n, false);
        if (a.bias() == null || !Double.isFinite(a.bias())) {
            problems.add("bias is missing or not finite");
        }
        checkThresholds(problems, a.thresholds());
        if (a.checksum() == null) {
            problems.add("checksum is missing");
        } else if (!a.checksum().equals(actualChecksum)) {
            problems.add("checksum mismatch: artifact says " + a.checksum() + " but its content hashes to "
                    + actualChecksum);
        }
        return problems;
    }

    private static void requireText(List<String> problems, String member, String value) {
        if (value == null || value.isBlank()) {
            problems.add(member + " is missing");
        }
    }

    private static void checkTerms(List<String> problems, List<ModelArtifact.Term> terms) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < terms.size(); i++) {
            ModelArtifact.Term t = terms.get(i);
            String label = "term " + i + (t == null || t.name() == null ? "" : " '" + t.name() + "'");
            if (t == null || t.name() == null || t.name().isBlank()) {
                problems.add(label + " has no name");
                continue;
            }
            if (!names.add(t.name())) {
                problems.add(label + " is defined twice");
            }
            TermOp op = TermOp.fromWireName(t.op()).orElse(null);
            if (op == null) {
                problems.add(label + " has unknown op '" + t.op() + "'");
                continue;
            }
            List<String> inputs = t.inputs() == null ? List.of() : t.inputs();
            if (inputs.size() != op.arity()) {
                problems.add(label + " (" + op.wireName() + ") needs " + op.arity() + " inputs, has " + inputs.size());
            }
            for (String input : inputs) {
                if (!Features.NAMES.contains(input)) {
                    problems.add(label + " reads unknown feature '" + input + "'");
                }
            }
            switch (op) {
                case CLIP -> {
                    if (!finite(t.min()) || !finite(t.max()) || t.min() > t.max()) {
                        problems.add(label + " (clip) needs finite min <= max");
                    }
                }
                case INDICATOR_GT -> {
                    if (!finite(t.threshold())) {
                        problems.add(label + " (indicator_gt) needs a finite threshold");
                    }
                }
                case MCC_IN, CHANNEL_IS -> checkValues(problems, label, op, t.values());
                default -> { }
            }
        }
    }

    private static void checkValues(List<String> problems, String label, TermOp op, List<String> values) {
        if (values == null || values.isEmpty() || values.contains(null)) {
            problems.add(label + " (" + op.wireName() + ") needs a non-empty list of values");
            return;
        }
        if (op == TermOp.CHANNEL_IS) {
            for (String value : values) {
                try {
                    Channel.valueOf(value);
                } catch (IllegalArgumentException e) {
                    problems.add(label + " names unknown channel '" + value + "'");
                }
            }
        }
    }

    private static void checkArray(List<String> problems, String member, double[] values, int terms, boolean positive) {
        if (values == null) {
            problems.add(member + " is missing");
            return;
        }
        if (values.length != terms) {
            problems.add(member + " has " + values.length + " values for " + terms + " terms");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i]) || (positive && values[i] <= 0)) {
                problems.add(String.format(Locale.ROOT, "%s[%d] = %s is not %s", member, i, values[i],
                        positive ? "a finite positive number" : "finite"));
            }
        }
    }

    private static void checkThresholds(List<String> problems, ModelArtifact.ArtifactThresholds t) {
        if (t == null || !finite(t.review()) || !finite(t.decline())) {
            problems.add("thresholds review and decline are missing or not finite");
        } else if (!(0 < t.review() && t.review() <= t.decline() && t.decline() <= 1)) {
            problems.add("thresholds must satisfy 0 < review <= decline <= 1, got " + t.review() + " / " + t.decline());
        }
    }

    private static boolean finite(Double value) {
        return value != null && Double.isFinite(value);
    }
}
