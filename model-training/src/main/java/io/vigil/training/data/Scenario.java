package io.vigil.training.data;

import java.util.Arrays;
import java.util.List;

/** Why a generated transaction exists: ordinary habits, a labelled fraud pattern, or a legitimate look-alike. */
public enum Scenario {
    NORMAL("normal", false),
    ACCOUNT_TAKEOVER("account_takeover", true),
    CARD_TESTING("card_testing", true),
    VELOCITY_BURST("velocity_burst", true),
    AMOUNT_ANOMALY("amount_anomaly", true),
    RISKY_MCC("risky_mcc", true),
    LEGIT_TRAVEL("legit_travel", false),
    LEGIT_BIG_PURCHASE("legit_big_purchase", false),
    LEGIT_NEW_DEVICE("legit_new_device", false);

    private final String label;
    private final boolean fraud;

    Scenario(String label, boolean fraud) {
        this.label = label;
        this.fraud = fraud;
    }

    /** The name written to the CSV and the report. */
    public String label() {
        return label;
    }

    public boolean fraud() {
        return fraud;
    }

    public static List<Scenario> frauds() {
        return Arrays.stream(values()).filter(Scenario::fraud).toList();
    }

    public static Scenario fromLabel(String label) {
        for (Scenario s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario " + label);
    }
}
