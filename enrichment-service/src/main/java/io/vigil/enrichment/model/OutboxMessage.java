package io.vigil.enrichment.model;

/** One row of the transactional outbox: a Kafka record waiting to be published. */
public record OutboxMessage(long id, String topic, String key, String payload, String traceparent) {}
