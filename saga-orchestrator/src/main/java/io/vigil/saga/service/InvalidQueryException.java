package io.vigil.saga.service;

/** A query parameter the request could not mean, such as a page cursor naming no case of the tenant. */
public class InvalidQueryException extends RuntimeException {

    private final String parameter;

    public InvalidQueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
