package io.vigil.enrichment.service;

import io.vigil.contracts.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** A transaction that breaks the contract; carries one entry per invalid field. */
public class InvalidTransactionException extends RuntimeException {

    private final transient List<Problem.FieldError> errors;

    public InvalidTransactionException(List<Problem.FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), null, false,
                false);
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
