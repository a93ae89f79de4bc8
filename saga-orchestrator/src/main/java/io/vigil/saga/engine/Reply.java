package io.vigil.saga.engine;

/** A participant's answer to the command {@code commandId}. */
public record Reply(String commandId, boolean success, String detail) {}
