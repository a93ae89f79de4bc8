package io.vigil.enrichment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the history participant needs from the orchestrator's commands: the pact message is read with
 * the service's ObjectMapper and applied by the real {@link HistoryCommandService} to a transaction
 * this test scored first. Writes {@code enrichment-service-saga-orchestrator.json}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "saga-orchestrator", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V4)
class HistoryCommandsPactTest {

    private static final String TENANT = "pact-history-tenant";
    private static final String TRANSACTION = "pact-history-tx-1";
    /** A saga id names its tenant (the orchestrator's SagaIds). */
    private static final String SAGA = TENANT + "/" + TRANSACTION;

    @Inject
    ObjectMapper json;

    @Inject
    HistoryCommandService history;

    @Pact(consumer = "enrichment-service")
    V4Pact recordCommand(MessagePactBuilder builder) {
        return builder.given("a scored transaction's saga confirms it in the history")
                .expectsToReceive("a history record command")
                .withMetadata(Map.of("topic", Topics.HISTORY_COMMANDS))
                .withContent(new PactDslJsonBody()
                        .stringType("commandId", SAGA + ":history.record")
                        .stringType("sagaId", SAGA)
                        .stringMatcher("type", "RECORD|VOID|LABEL", "RECORD")
                        .stringType("tenant", TENANT)
                        .stringType("transactionId", TRANSACTION)
                        .stringType("walletId", "pact-history-w-1"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "recordCommand")
    void aRecordCommandConfirmsTheTransaction(V4Interaction.AsynchronousMessage message) throws Exception {
        Instant at = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        new Api(json).decide(Tx.of(TENANT, "pact-history-w-1", TRANSACTION, at).build());
        HistoryCommand command = json.readValue(message.contentsAsString(), HistoryCommand.class);

        HistoryReply reply = history.handle(command, null).await().atMost(Duration.ofSeconds(30));

        assertTrue(reply.success(), () -> "reply: " + reply);
        assertEquals(HistoryCommand.Type.RECORD, reply.type());
        assertEquals(SAGA, reply.sagaId());
    }
}
