package io.vigil.saga.model;

/**
 * A consumed Kafka record as the orchestrator sees it. {@code messageId} is {@code topic-partition@offset}:
 * unique per record, identical on redelivery.
 */
public record InboundMessage(String messageId, String topic, String key, String value) {

    public static String idOf(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
