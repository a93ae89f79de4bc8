package io.vigil.gateway;

import java.time.Instant;

/** Request and upstream bodies shared by the tests. */
public final class Fixtures {

    /** Fixed, so that two calls build byte-identical bodies, as a client's retry sends. */
    public static final Instant OCCURRED_AT = Instant.parse("2026-01-15T10:00:00Z");

    private Fixtures() {}

    public static String transaction(String transactionId) {
        return """
                {"transactionId":"%s","walletId":"w-1","amount":"42.50","currency":"EUR","merchantId":"m-1",
                 "merchantCategory":"5411","channel":"ECOM","country":"FR","deviceId":"d-1",
                 "ipAddress":"203.0.113.7","occurredAt":"%s"}
                """.formatted(transactionId, OCCURRED_AT);
    }

    public static String decision(String transactionId, String decision) {
        return """
                {"transactionId":"%s","decision":"%s","score":0.12,
                 "reasons":[{"code":"AMOUNT_ZSCORE","detail":"amount close to the wallet's mean","weight":-0.3}],
                 "modelVersion":"gbt-2026-11-01","features":null,"latencyMs":7,"degraded":false,"sagaId":"%s"}
                """.formatted(transactionId, decision, transactionId);
    }

    public static String saga(String sagaId) {
        return """
                {"sagaId":"%s","state":"COMPLETED","scoredDecision":"APPROVE","finalDecision":"APPROVE",
                 "steps":[{"name":"history.record","status":"DONE","attempts":1,
                           "startedAt":"2026-11-23T10:00:00Z","finishedAt":"2026-11-23T10:00:01Z","detail":null}],
                 "startedAt":"2026-11-23T10:00:00Z","updatedAt":"2026-11-23T10:00:02Z"}
                """.formatted(sagaId);
    }

    public static String problem(int status, String title) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}";
    }
}
