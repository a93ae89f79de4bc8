package io.vigil.saga.service;

/** No saga or case with that id for the caller's tenant (another tenant's is not found either). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String what) {
        super(what + " not found");
    }
}
