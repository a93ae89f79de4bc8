package io.vigil.loadtest.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.contracts.Decision;
import io.vigil.contracts.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code vigil.decisions} from its current end, on its own thread, and hands every decision to a sink. All
 * partitions are assigned directly (no group rebalance to wait for) under a group id of its own, and positioned at
 * the end before {@link #start} returns, so no decision of the run can be missed and none of earlier runs is read.
 */
public final class DecisionListener implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<DecisionSeen> sink;
    private final Thread thread;
    private volatile boolean running = true;

    private DecisionListener(KafkaConsumer<String, byte[]> consumer, Consumer<DecisionSeen> sink) {
        this.consumer = consumer;
        this.sink = sink;
        this.thread = Thread.ofPlatform().name("decision-listener").daemon().unstarted(this::pollLoop);
    }

    public static DecisionListener start(String bootstrapServers, Consumer<DecisionSeen> sink, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-bench");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.DECISIONS, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.DECISIONS + " does not exist on " + bootstrapServers);
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            // seekToEnd is lazy: asking for the positions fixes them now, before any load is sent.
            assigned.forEach(tp -> consumer.position(tp, timeout));
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(1));
            throw e;
        }
        DecisionListener listener = new DecisionListener(consumer, sink);
        listener.thread.start();
        return listener;
    }

    private void pollLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    DecisionSeen seen = parse(r.value(), r.timestamp());
                    if (seen != null) {
                        sink.accept(seen);
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked to stop.
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The decision in a record value, or null for a value that is not a {@code DecisionEvent}. */
    static DecisionSeen parse(byte[] value, long timestamp) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode id = node.get("transactionId");
            if (id == null || !id.isTextual()) {
                return null;
            }
            return new DecisionSeen(id.asText(), decision(node.get("decision")), decision(node.get("scoredDecision")),
                    timestamp);
        } catch (IOException e) {
            return null;
        }
    }

    private static Decision decision(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Decision.valueOf(node.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
