package io.vigil.gateway.rest;

/** Roles carried in the token's {@code groups} claim. */
public final class Roles {

    /** Payment systems submitting and cancelling transactions. */
    public static final String TRANSACTIONS_WRITE = "transactions:write";
    /** Fraud analysts working the REVIEW queue. */
    public static final String ANALYST = "analyst";

    private Roles() {}
}
