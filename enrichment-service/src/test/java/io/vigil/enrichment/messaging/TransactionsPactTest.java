package io.vigil.enrichment.messaging;

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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.Channel;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.service.TransactionValidator;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What enrichment-service needs from a payment system's transaction on {@code vigil.transactions}:
 * the pact message is read with the service's ObjectMapper and must pass the same
 * {@link TransactionValidator} as the Kafka consumer applies. Writes
 * {@code enrichment-service-payment-system.json}, verified in the contracts module.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "payment-system", providerType = ProviderType.ASYNCH, pactVersion = PactSpecVersion.V4)
class TransactionsPactTest {

    static final String ID = "[A-Za-z0-9._:@-]{1,128}";
    static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    @Inject
    ObjectMapper json;

    @Inject
    TransactionValidator validator;

    @Pact(consumer = "enrichment-service")
    V4Pact transaction(MessagePactBuilder builder) {
        return builder.given("a payment is submitted for scoring")
                .expectsToReceive("a transaction to score")
                .withMetadata(Map.of("topic", Topics.TRANSACTIONS))
                .withContent(new PactDslJsonBody()
                        .stringMatcher("tenant", ID, "tenant-a")
                        .stringMatcher("transactionId", ID, "tx-1")
                        .stringMatcher("walletId", ID, "w-1")
                        .numberType("amount", 250.5)
                        .stringMatcher("currency", "[A-Z]{3}", "EUR")
                        .stringMatcher("merchantId", ID, "m-1")
                        .stringMatcher("merchantCategory", "\\d{4}", "5411")
                        .stringMatcher("channel", "CARD_PRESENT|ECOM|TRANSFER|ATM|MOTO|WALLET", "ECOM")
                        .stringMatcher("country", "[A-Z]{2}", "FR")
                        .stringMatcher("deviceId", ID, "dev-1")
                        .stringMatcher("ipAddress", "[0-9A-Fa-f.:]{2,45}", "10.0.0.1")
                        .stringMatcher("occurredAt", ISO_INSTANT, "2026-01-15T10:30:00Z"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "transaction")
    void aPaymentSystemTransactionIsReadAndPassesValidation(V4Interaction.AsynchronousMessage message) throws Exception {
        Transaction tx = json.readValue(message.contentsAsString(), Transaction.class);

        validator.validate(tx);
        assertEquals(new BigDecimal("250.5"), tx.amount());
        assertEquals(Channel.ECOM, tx.channel());
        assertEquals("tenant-a", tx.tenant());
    }
}
