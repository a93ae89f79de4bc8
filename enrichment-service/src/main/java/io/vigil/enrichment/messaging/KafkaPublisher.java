package io.vigil.enrichment.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The service's one Kafka producer: records to any topic, with their trace context in a header. */
@ApplicationScoped
public class KafkaPublisher {

    private static final String TRACEPARENT = "traceparent";

    private final MutinyEmitter<String> emitter;

    public KafkaPublisher(@Channel("outbox") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Sends on subscription; completes once the broker acknowledged the record. */
    public Uni<Void> send(String topic, String key, String payload, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata));
    }
}
