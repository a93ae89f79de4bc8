package io.vigil.saga.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import au.com.dius.pact.consumer.MessagePactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.consumer.junit5.ProviderType;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.CancellationEvent;
import io.vigil.contracts.Topics;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the orchestrator needs from a payment system's cancellation on {@code vigil.transactions.cancelled},
 * read by its own {@link InboundParser}. Writes {@code saga-orchestrator-payment-system.json}, verified
 * in the contracts module against the documented record serialization.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "payment-system", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V4)
class CancellationsPactTest {

    @Inject
    InboundParser parser;

    @Pact(consumer = "saga-orchestrator")
    V4Pact cancellation(MessagePactBuilder builder) {
        return builder.given("a payment was cancelled upstream")
                .expectsToReceive("a cancellation event")
                .withMetadata(Map.of("topic", Topics.CANCELLATIONS))
                .withContent(new PactDslJsonBody()
                        .stringMatcher("tenant", EnrichmentMessagesPactTest.ID, "tenant-a")
                        .stringMatcher("transactionId", EnrichmentMessagesPactTest.ID, "tx-1")
                        .stringMatcher("walletId", EnrichmentMessagesPactTest.ID, "w-1")
                        .stringType("reason", "customer withdrew")
                        .stringMatcher("cancelledAt", EnrichmentMessagesPactTest.ISO_INSTANT, "2026-01-15T10:35:00Z"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "cancellation")
    void aCancellationCompensatesTheSagaOfItsTransaction(V4Interaction.AsynchronousMessage message) {
        InboundParser.Parsed<CancellationEvent> parsed = parser.cancellation(message.contentsAsString());

        assertNull(parsed.rejection());
        assertEquals("tx-1", parsed.value().transactionId());
        assertEquals("w-1", parsed.value().walletId());
    }
}
