package io.vigil.saga.rest;

import io.vigil.contracts.Headers;

/** The gateway always sends the caller's tenant and subject; their absence is a bad request, not an empty scope. */
final class Tenants {

    private Tenants() {}

    static String require(String tenant) {
        return present(tenant, Headers.TENANT);
    }

    static String requireSubject(String subject) {
        return Headers.decodeSubject(present(subject, Headers.SUBJECT));
    }

    private static String present(String value, String header) {
        if (value == null || value.isBlank()) {
            throw new MissingHeaderException(header);
        }
        return value;
    }

    /** A required internal header is missing. */
    static final class MissingHeaderException extends RuntimeException {
        private final String header;

        MissingHeaderException(String header) {
            super("header " + header + " is required");
            this.header = header;
        }

        String header() {
            return header;
        }
    }
}
