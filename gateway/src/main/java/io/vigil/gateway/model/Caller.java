package io.vigil.gateway.model;

import io.vigil.contracts.Headers;

/**
 * The authenticated client behind a request: tenant and subject come from the verified token only,
 * the correlation id from the request (or generated at the edge).
 */
public record Caller(String tenant, String subject, String tier, String correlationId) {

    /** The subject as the {@link Headers#SUBJECT} header carries it upstream. */
    public String subjectHeader() {
        return Headers.encodeSubject(subject);
    }

    /** Rate-limit identity: one bucket per subject within a tenant. */
    public String clientKey() {
        return tenant + '\u0000' + subject;
    }
}
