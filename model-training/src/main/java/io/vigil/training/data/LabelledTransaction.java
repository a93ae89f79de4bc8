package io.vigil.training.data;

import io.vigil.contracts.Transaction;

/** One generated transaction with its ground truth: the fraud label and the scenario that produced it. */
public record LabelledTransaction(Transaction transaction, boolean fraud, Scenario scenario) {

    public LabelledTransaction {
        if (fraud != scenario.fraud()) {
            throw new IllegalArgumentException("label " + fraud + " contradicts scenario " + scenario.label());
        }
    }
}
