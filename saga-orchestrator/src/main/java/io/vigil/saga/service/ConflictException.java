package io.vigil.saga.service;

/** The request does not fit the current state (a case no longer open). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
