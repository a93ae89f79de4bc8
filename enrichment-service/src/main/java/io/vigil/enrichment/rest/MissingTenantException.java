package io.vigil.enrichment.rest;

import io.vigil.contracts.Headers;

/** An internal call without the caller's tenant, or with one that contradicts the body. */
public class MissingTenantException extends RuntimeException {

    public MissingTenantException(String detail) {
        super(detail, null, false, false);
    }

    static String require(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new MissingTenantException("header " + Headers.TENANT + " is required");
        }
        return tenant;
    }
}
