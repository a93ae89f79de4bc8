package io.vigil.loadtest.data;

/** Which behaviour a generated transaction imitates. */
public enum TrafficKind {
    /** A wallet's habits: usual merchants, home country, own devices, its amount level. */
    NORMAL,
    /** A new device in a foreign country spending far above the wallet's level at a high-value merchant. */
    ACCOUNT_TAKEOVER,
    /** Many small online amounts at many merchants on the same few compromised wallets. */
    CARD_TESTING
}
