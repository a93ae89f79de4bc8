package io.vigil.ml.model;

import java.util.Optional;

/** Operations a term may apply to the features, as named in the artifact. */
public enum TermOp {
    IDENTITY("identity", 1),
    LOG1P("log1p", 1),
    CLIP("clip", 1),
    PRODUCT("product", 2),
    MCC_IN("mcc_in", 0),
    CHANNEL_IS("channel_is", 0),
    INDICATOR_GT("indicator_gt", 1);

    private final String wireName;
    private final int arity;

    TermOp(String wireName, int arity) {
        this.wireName = wireName;
        this.arity = arity;
    }

    public String wireName() {
        return wireName;
    }

    /** Number of feature inputs the operation takes. */
    public int arity() {
        return arity;
    }

    public static Optional<TermOp> fromWireName(String name) {
        for (TermOp op : values()) {
            if (op.wireName.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
