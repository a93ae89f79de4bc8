package io.vigil.loadtest.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.contracts.Decision;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecisionListenerTest {

    @Test
    void aDecisionEventIsReducedToItsIdDecisionsAndPublicationTime() {
        String json = """
                {"tenant":"acme","transactionId":"bench-a-0-1","walletId":"w-00001","decision":"DECLINE",
                 "scoredDecision":"REVIEW","score":0.93,"reasons":[],"modelVersion":"m1","resolvedBy":"alice",
                 "decidedAt":"2026-11-23T10:15:30Z"}""";

        DecisionSeen seen = DecisionListener.parse(json.getBytes(StandardCharsets.UTF_8), 1_700_000_000_123L);

        assertEquals(new DecisionSeen("bench-a-0-1", Decision.DECLINE, Decision.REVIEW, 1_700_000_000_123L), seen);
    }

    @Test
    void valuesThatAreNotDecisionEventsAreIgnored() {
        assertNull(DecisionListener.parse("not json".getBytes(StandardCharsets.UTF_8), 1));
        assertNull(DecisionListener.parse("{\"id\":1}".getBytes(StandardCharsets.UTF_8), 1));
        assertNull(DecisionListener.parse(null, 1));
    }
}
