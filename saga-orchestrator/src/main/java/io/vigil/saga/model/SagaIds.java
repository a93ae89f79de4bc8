package io.vigil.saga.model;

/**
 * A saga's id: its tenant and its transaction id, as {@code tenant/transactionId}. Transaction ids are
 * unique within a tenant only: with the transaction id alone, a second tenant's transaction collided with
 * the first's saga (and its command ids, audit row and case). The tenant's {@code %} and {@code /} are
 * escaped, so the first {@code /} always ends the tenant and no two pairs share an id.
 */
public final class SagaIds {

    private SagaIds() {}

    public static String of(String tenant, String transactionId) {
        return tenant.replace("%", "%25").replace("/", "%2F") + "/" + transactionId;
    }

    /** The transaction id within the tenant, which is what the REST API names a saga by. */
    public static String transactionId(String sagaId) {
        return sagaId.substring(sagaId.indexOf('/') + 1);
    }
}
