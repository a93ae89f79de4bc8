package io.vigil.ml.model;

/** An artifact that must not be served; the message names the artifact and what is wrong with it. */
public class InvalidArtifactException extends Exception {

    public InvalidArtifactException(String message) {
        super(message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
