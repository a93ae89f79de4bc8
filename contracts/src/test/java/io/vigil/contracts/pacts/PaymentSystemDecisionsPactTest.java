package io.vigil.contracts.pacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionEvent;
import io.vigil.contracts.Topics;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a payment system needs from the final decision on {@code vigil.decisions}, read as an outside
 * system would (plain Jackson). Writes {@code payment-system-saga-orchestrator.json}, verified by
 * saga-orchestrator against the payload its outbox stores.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "saga-orchestrator", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V4)
class PaymentSystemDecisionsPactTest {

    static final String ID = "[A-Za-z0-9._:@-]{1,128}";
    static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
    private static final String DECISION = "APPROVE|REVIEW|DECLINE";

    @Pact(consumer = "payment-system")
    V4Pact finalDecision(MessagePactBuilder builder) {
        PactDslJsonBody body = new PactDslJsonBody()
                .stringMatcher("tenant", ID, "tenant-a")
                .stringMatcher("transactionId", ID, "tx-1")
                .stringMatcher("walletId", ID, "w-1")
                .stringMatcher("decision", "APPROVE|DECLINE", "DECLINE")
                .stringMatcher("scoredDecision", DECISION, "DECLINE")
                .decimalType("score", 0.91)
                .stringType("modelVersion", "vigil-fraud-lr-1")
                .stringMatcher("decidedAt", ISO_INSTANT, "2026-01-15T10:30:02.125Z");
        body.minArrayLike("reasons", 1)
                .stringType("code", "amountZScore")
                .stringType("detail", "amount far above the wallet's usual")
                .decimalType("weight", 1.25)
                .closeObject()
                .closeArray();
        return builder.given("a scored transaction has been decided")
                .expectsToReceive("a final decision")
                .withMetadata(Map.of("topic", Topics.DECISIONS))
                .withContent(body)
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "finalDecision")
    void theFinalDecisionTellsWhetherToSettleThePayment(V4Interaction.AsynchronousMessage message) throws Exception {
        DecisionEvent event = PaymentSystemJson.MAPPER.readValue(message.contentsAsString(), DecisionEvent.class);

        assertEquals("tx-1", event.transactionId());
        assertEquals(Decision.DECLINE, event.decision());
        assertEquals(Instant.parse("2026-01-15T10:30:02.125Z"), event.decidedAt());
        assertEquals("amountZScore", event.reasons().get(0).code());
    }
}
