package io.vigil.gateway.model;

/** An HTTP answer kept verbatim for idempotent replay: status and JSON body. */
public record StoredResponse(int status, String body) {}
