package io.vigil.contracts;

/** How the payment was made. */
public enum Channel {
    CARD_PRESENT,
    ECOM,
    TRANSFER,
    ATM,
    MOTO,
    WALLET
}
