package io.vigil.contracts;

/** Participant reply on {@link Topics#HISTORY_REPLIES}; {@code reason} explains a failure. */
public record HistoryReply(
        String commandId, String sagaId, HistoryCommand.Type type, boolean success, String reason) {}
