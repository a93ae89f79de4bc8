package io.vigil.saga.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.vigil.contracts.Decision;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the orchestrator reads from enrichment-service: scored transactions (start a saga) and
 * history replies. Each pact message goes through the orchestrator's own {@link InboundParser}, the
 * reader and checks its Kafka consumers use. Writes {@code saga-orchestrator-enrichment-service.json}.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "enrichment-service", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V4)
class EnrichmentMessagesPactTest {

    static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
    static final String ID = "[A-Za-z0-9._:@-]+";

    @Inject
    InboundParser parser;

    @Pact(consumer = "saga-orchestrator")
    V4Pact scoredTransaction(MessagePactBuilder builder) {
        PactDslJsonBody body = new PactDslJsonBody();
        body.object("transaction")
                .stringMatcher("tenant", ID, "tenant-a")
                .stringMatcher("transactionId", ID, "tx-1")
                .stringMatcher("walletId", ID, "w-1")
                .numberType("amount", 250.5)
                .stringMatcher("currency", "[A-Z]{3}", "EUR")
                .stringType("merchantId", "m-1")
                .stringMatcher("channel", "CARD_PRESENT|ECOM|TRANSFER|ATM|MOTO|WALLET", "ECOM")
                .stringMatcher("country", "[A-Z]{2}", "FR")
                .stringMatcher("occurredAt", ISO_INSTANT, "2026-01-15T10:30:00Z")
                .closeObject();
        body.stringMatcher("decision", "APPROVE|REVIEW|DECLINE", "REVIEW")
                .decimalType("score", 0.64)
                .stringType("modelVersion", "vigil-fraud-lr-1")
                .booleanType("degraded", false)
                .stringMatcher("scoredAt", ISO_INSTANT, "2026-01-15T10:30:01.250Z");
        body.minArrayLike("reasons", 1)
                .stringType("code", "amountZScore")
                .stringType("detail", "amount far above the wallet's usual")
                .decimalType("weight", 1.25)
                .closeObject()
                .closeArray();
        return builder.given("a transaction has been scored")
                .expectsToReceive("a scored transaction")
                .withMetadata(Map.of("topic", Topics.SCORED))
                .withContent(body)
                .toPact(V4Pact.class);
    }

    @Pact(consumer = "saga-orchestrator")
    V4Pact historyReply(MessagePactBuilder builder) {
        return builder.given("a history command has been applied")
                .expectsToReceive("a history reply")
                .withMetadata(Map.of("topic", Topics.HISTORY_REPLIES))
                .withContent(new PactDslJsonBody()
                        .stringType("commandId", "tenant-a/tx-1:history.record")
                        .stringType("sagaId", "tenant-a/tx-1")
                        .stringMatcher("type", "RECORD|VOID|LABEL", "RECORD")
                        .booleanType("success", true))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "scoredTransaction")
    void aScoredTransactionStartsASaga(V4Interaction.AsynchronousMessage message) {
        InboundParser.Parsed<ScoredTransaction> parsed = parser.scored("w-1", message.contentsAsString());

        assertNull(parsed.rejection());
        assertEquals("tx-1", parsed.value().transaction().transactionId());
        assertEquals(Decision.REVIEW, parsed.value().decision());
        assertEquals(0.64, parsed.value().score());
        assertEquals("amountZScore", parsed.value().reasons().get(0).code());
    }

    @Test
    @PactTestFor(pactMethod = "historyReply")
    void aHistoryReplyIsMatchedToItsSagaStep(V4Interaction.AsynchronousMessage message) {
        InboundParser.Parsed<HistoryReply> parsed = parser.reply(message.contentsAsString());

        assertNull(parsed.rejection());
        assertEquals("tenant-a/tx-1", parsed.value().sagaId());
        assertEquals(HistoryCommand.Type.RECORD, parsed.value().type());
        assertTrue(parsed.value().success());
    }
}
