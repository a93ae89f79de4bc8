package io.vigil.contracts;

/** An analyst's verdict on a case. */
public enum Verdict {
    FRAUD,
    LEGIT
}
