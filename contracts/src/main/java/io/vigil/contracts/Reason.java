package io.vigil.contracts;

/**
 * Why a score came out as it did. {@code weight} is the signed contribution to the score
 * (positive pushes towards fraud); fired rules carry code prefix {@code RULE_}.
 */
public record Reason(String code, String detail, double weight) {}
