package io.vigil.training.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One model input derived from the features and the transaction, as written into the artifact.
 * {@code inputs} always name members of {@link io.vigil.contracts.Features#NAMES}.
 *
 * @param op one of {@link #IDENTITY}, {@link #LOG1P}, {@link #CLIP}, {@link #PRODUCT}, {@link #MCC_IN},
 *     {@link #CHANNEL_IS}, {@link #INDICATOR_GT}
 * @param min lower bound of {@code clip}
 * @param max upper bound of {@code clip}
 * @param values MCCs of {@code mcc_in} or channel names of {@code channel_is}
 * @param threshold cut-off of {@code indicator_gt}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Term(String name, String op, List<String> inputs, Double min, Double max, List<String> values,
        Double threshold) {

    public static final String IDENTITY = "identity";
    public static final String LOG1P = "log1p";
    public static final String CLIP = "clip";
    public static final String PRODUCT = "product";
    public static final String MCC_IN = "mcc_in";
    public static final String CHANNEL_IS = "channel_is";
    public static final String INDICATOR_GT = "indicator_gt";

    public static Term identity(String feature) {
        return new Term(feature, IDENTITY, List.of(feature), null, null, null, null);
    }

    public static Term log1p(String feature) {
        return new Term("log_" + feature, LOG1P, List.of(feature), null, null, null, null);
    }

    public static Term clip(String feature, double min, double max) {
        return new Term(feature, CLIP, List.of(feature), min, max, null, null);
    }

    public static Term product(String a, String b) {
        return new Term(a + "*" + b, PRODUCT, List.of(a, b), null, null, null, null);
    }

    public static Term mccIn(String name, List<String> mccs) {
        return new Term(name, MCC_IN, List.of(), null, null, List.copyOf(mccs), null);
    }

    public static Term channelIs(String channel) {
        return new Term("channel_" + channel, CHANNEL_IS, List.of(), null, null, List.of(channel), null);
    }

    public static Term indicatorGt(String feature, double threshold) {
        return new Term(feature + "_gt_" + (long) threshold, INDICATOR_GT, List.of(feature), null, null, null,
                threshold);
    }
}
