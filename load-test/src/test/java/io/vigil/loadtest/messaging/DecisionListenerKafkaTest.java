package io.vigil.loadtest.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vigil.contracts.Decision;
import io.vigil.contracts.Topics;
import io.vigil.testsupport.InJvmKafka;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DecisionListenerKafkaTest {

    @Test
    void onlyDecisionsPublishedAfterTheStartAreDelivered() throws Exception {
        String bootstrap = InJvmKafka.bootstrapServers();
        BlockingQueue<DecisionSeen> seen = new LinkedBlockingQueue<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            // Same wallet key, so both land in one partition: had the old one been read, it would come first.
            producer.send(new ProducerRecord<>(Topics.DECISIONS, "w-1", event("before-start"))).get();

            try (DecisionListener listener = DecisionListener.start(bootstrap, seen::add, Duration.ofSeconds(30))) {
                producer.send(new ProducerRecord<>(Topics.DECISIONS, "w-1", event("after-start"))).get();

                DecisionSeen first = seen.poll(60, TimeUnit.SECONDS);
                assertNotNull(first, "the decision published after the start is delivered");
                assertEquals("after-start", first.transactionId());
                assertEquals(Decision.APPROVE, first.decision());
            }
        }
    }

    private static String event(String transactionId) {
        return "{\"tenant\":\"acme\",\"transactionId\":\"" + transactionId + "\",\"walletId\":\"w-1\","
                + "\"decision\":\"APPROVE\",\"scoredDecision\":\"APPROVE\",\"score\":0.1,\"reasons\":[],"
                + "\"modelVersion\":\"m\",\"resolvedBy\":null,\"decidedAt\":\"2026-11-23T10:00:00Z\"}";
    }
}
