package io.vigil.ml.service;

/** No champion can score: its artifact failed to load. Answered with 503, never with a made-up score. */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String reason) {
        super(reason);
    }
}
