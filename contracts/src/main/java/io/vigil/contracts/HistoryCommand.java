package io.vigil.contracts;

/**
 * Saga command to the history participant (enrichment-service), on {@link Topics#HISTORY_COMMANDS}.
 * {@code commandId} is unique per attempt-independent command (saga id + step + action) so the
 * participant can drop duplicates. {@code label} is set for {@link Type#LABEL} only.
 */
public record HistoryCommand(
        String commandId,
        String sagaId,
        Type type,
        String tenant,
        String transactionId,
        String walletId,
        Verdict label) {

    public enum Type {
        /** Confirm the transaction in the wallet history. */
        RECORD,
        /** Compensation: remove it from future features. */
        VOID,
        /** An analyst verdict: becomes a label for features and training. */
        LABEL
    }
}
