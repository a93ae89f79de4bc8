package io.vigil.contracts.pacts;

import au.com.dius.pact.provider.MessageAndMetadata;
import au.com.dius.pact.provider.PactVerifyProvider;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.vigil.contracts.CancellationEvent;
import io.vigil.contracts.Channel;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payment systems are outside Vigil; what they publish is the documented JSON of {@link Transaction}
 * and {@link CancellationEvent}. This checks that form against what enrichment-service and
 * saga-orchestrator expect, so a record change that breaks a consumer fails here.
 */
@Provider("payment-system")
@PactFolder("../contracts/pacts")
class PaymentSystemProviderPactTest {

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(new MessageTestTarget(List.of(PaymentSystemProviderPactTest.class.getPackageName())));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void honoursThePact(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State({"a payment is submitted for scoring", "a payment was cancelled upstream"})
    void aPaymentSystemKeepsNoState() {
        // the messages below are built from the records alone
    }

    @PactVerifyProvider("a transaction to score")
    MessageAndMetadata transaction() throws Exception {
        Transaction tx = new Transaction("acme", "pay-7781", "wallet-42", new BigDecimal("1999.99"), "EUR",
                "merchant-9", "5732", Channel.CARD_PRESENT, "DE", "device-3", "2001:db8::1",
                Instant.parse("2026-03-02T08:15:00Z"));
        return message(Topics.TRANSACTIONS, tx);
    }

    @PactVerifyProvider("a cancellation event")
    MessageAndMetadata cancellation() throws Exception {
        CancellationEvent event = new CancellationEvent("acme", "pay-7781", "wallet-42", "customer withdrew",
                Instant.parse("2026-03-02T08:16:30.500Z"));
        return message(Topics.CANCELLATIONS, event);
    }

    private static MessageAndMetadata message(String topic, Object value) throws Exception {
        return new MessageAndMetadata(PaymentSystemJson.MAPPER.writeValueAsBytes(value),
                Map.of("topic", topic, "contentType", "application/json"));
    }
}
