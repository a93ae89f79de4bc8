package io.vigil.enrichment.messaging;

import static io.vigil.database.DatabasePatience.patiently;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.service.DecisionService;
import io.vigil.enrichment.service.InvalidTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Transactions pushed by payment systems, through the same pipeline as {@code POST /v1/decisions}.
 * Records are handled one at a time in partition order (the key is the walletId, so one wallet's
 * events stay ordered); a record that cannot be decided goes to the dead-letter topic instead of
 * blocking its partition. A database out of reach is no fault of the record: the record waits for it,
 * however long, and is never dead-lettered for it.
 */
@ApplicationScoped
public class TransactionConsumer {

    private static final int TRANSIENT_RETRIES = 3;

    private final DecisionService decisions;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;

    public TransactionConsumer(DecisionService decisions, DeadLetters deadLetters, ObjectMapper json) {
        this.decisions = decisions;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @Incoming("transactions")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        Transaction tx;
        try {
            tx = record.value() == null ? null : json.readValue(record.value(), Transaction.class);
        } catch (JacksonException e) {
            return deadLetters.transaction(record.key(), record.value(), "undeserializable: " + e.getOriginalMessage());
        }
        if (tx == null) {
            return deadLetters.transaction(record.key(), record.value(), "empty event");
        }
        return patiently("transaction " + tx.transactionId(), () -> decisions.decide(tx, null, "kafka"))
                .onFailure(failure -> !(failure instanceof InvalidTransactionException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(TRANSIENT_RETRIES)
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> deadLetters.transaction(record.key(), record.value(),
                        failure instanceof InvalidTransactionException
                                ? "invalid: " + failure.getMessage()
                                : "processing failed: " + failure));
    }
}
