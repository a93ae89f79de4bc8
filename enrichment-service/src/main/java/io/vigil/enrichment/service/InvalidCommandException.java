package io.vigil.enrichment.service;

/** A saga command that can never be applied (missing fields); it belongs on the dead-letter topic. */
public class InvalidCommandException extends RuntimeException {

    public InvalidCommandException(String message) {
        super(message, null, false, false);
    }
}
