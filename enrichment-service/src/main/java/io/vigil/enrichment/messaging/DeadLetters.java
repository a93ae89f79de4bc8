package io.vigil.enrichment.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.contracts.DeadLetterText;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.service.EnrichmentMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Parks messages that can never be processed, untouched but for a key or value too large to send (see
 * {@link DeadLetterText}), with the reason in {@link Topics#DLQ_REASON_HEADER}.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final MutinyEmitter<String> transactions;
    private final MutinyEmitter<String> saga;
    private final EnrichmentMetrics metrics;

    public DeadLetters(@Channel("transactions-dlq") MutinyEmitter<String> transactions,
            @Channel("saga-dlq") MutinyEmitter<String> saga, EnrichmentMetrics metrics) {
        this.transactions = transactions;
        this.saga = saga;
        this.metrics = metrics;
    }

    public Uni<Void> transaction(String key, String payload, String reason) {
        return send(transactions, Topics.TRANSACTIONS_DLQ, key, payload, reason);
    }

    public Uni<Void> sagaCommand(String key, String payload, String reason) {
        return send(saga, Topics.SAGA_DLQ, key, payload, reason);
    }

    private Uni<Void> send(MutinyEmitter<String> emitter, String topic, String key, String payload, String reason) {
        LOG.warnf("dead-lettering to %s (key %s): %s", topic, key, reason);
        metrics.deadLetter(topic);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        DeadLetterText cutKey = DeadLetterText.key(key);
        DeadLetterText value = DeadLetterText.value(payload == null ? "" : payload);
        DeadLetterText.truncationHeaders(cutKey, value)
                .forEach((name, size) -> headers.add(name, size.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(cutKey.text())
                .withHeaders(headers)
                .build();
        // a broker out of reach: until it takes it, as failed, the consumer's channel would stop until a restart;
        // a refusal for good (an ACL, a size) still fails the channel, which its health then reports
        return emitter.sendMessage(Message.of(value.text()).addMetadata(metadata))
                .onFailure(RetriableException.class)
                .invoke(failure -> LOG.warnf("dead letter to %s not sent, retried: %s", topic, failure))
                .onFailure(RetriableException.class).retry().withBackOff(FIRST_RETRY, LAST_RETRY).indefinitely();
    }
}
