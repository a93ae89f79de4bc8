package io.vigil.saga.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TenantsTest {

    @Test
    void theSubjectIsReadAsTheGatewayEncodedIt() {
        assertEquals("\u0141ukasz", Tenants.requireSubject("%C5%81ukasz"));
        assertEquals("alice", Tenants.requireSubject("alice"));
    }

    @Test
    void aMissingTenantOrSubjectIsABadRequestNamingTheHeader() {
        assertEquals("X-Vigil-Tenant", assertThrows(Tenants.MissingHeaderException.class,
                () -> Tenants.require(" ")).header());
        assertEquals("X-Vigil-Subject", assertThrows(Tenants.MissingHeaderException.class,
                () -> Tenants.requireSubject(null)).header());
    }
}
