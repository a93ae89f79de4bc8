package io.vigil.ml.model;

/** The features drove the model outside numbers (NaN logit); no score is better than a made-up one. */
public class NonFiniteScoreException extends RuntimeException {

    public NonFiniteScoreException() {
        super("the features produce a non-finite model score");
    }
}
