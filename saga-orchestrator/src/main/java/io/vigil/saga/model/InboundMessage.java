package io.vigil.saga.model;

/**
 * A consumed Kafka record as the orchestrator sees it. {@code messageId} is {@code topic-partition@offset/timestamp}:
 * unique per record, identical on redelivery. The offset alone is not: a broker rebuilt from nothing numbers its
 * records from 0 again, and the processed-message rows of the old broker's records (kept for days) would then
 * swallow the new ones at the same offsets. The record's timestamp tells them apart.
 */
public record InboundMessage(String messageId, String topic, String key, String value) {

    public static String idOf(String topic, int partition, long offset, long timestamp) {
        return topic + "-" + partition + "@" + offset + "/" + timestamp;
    }
}
