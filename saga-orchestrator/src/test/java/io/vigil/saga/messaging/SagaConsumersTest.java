package io.vigil.saga.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vigil.contracts.Decision;
import io.vigil.contracts.Topics;
import io.vigil.saga.config.SagaConfig;
import io.vigil.saga.model.SagaInput;
import io.vigil.saga.service.Fixtures;
import io.vigil.saga.service.SagaOrchestrator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How a consumed record that cannot be applied is retried, and when it goes to the dead-letter topic. */
class SagaConsumersTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final SagaOrchestrator orchestrator = mock(SagaOrchestrator.class);
    private final SagaConfig config = mock(SagaConfig.class, RETURNS_DEEP_STUBS);
    private final SagaConsumers consumers = new SagaConsumers(orchestrator, new InboundParser(json), config);
    /** What each call to the orchestrator was asked to apply. */
    private final List<List<SagaInput>> applied = new CopyOnWriteArrayList<>();

    @Test
    void scoredRecordWaitsForADatabaseOutOfReachInsteadOfGoingToTheDeadLetterTopic() throws Exception {
        when(config.inbound().maxAttempts()).thenReturn(2);
        AtomicInteger outage = new AtomicInteger(5);
        when(orchestrator.consume(anyList())).thenAnswer(call -> {
            applied.add(call.getArgument(0));
            return outage.getAndDecrement() > 0
                    ? Uni.createFrom().failure(new PgException("sorry, too many clients already", "FATAL", "53300", null))
                    : Uni.createFrom().voidItem();
        });

        consumers.onScored(scoredRecord("tx-1")).await().atMost(Duration.ofSeconds(60));

        assertEquals(6, applied.size(), "five failed attempts during the outage, then the one that succeeded");
        assertTrue(applied.stream().flatMap(List::stream).noneMatch(SagaInput.Poison.class::isInstance),
                "a valid record was sent to the dead-letter topic: " + applied);
        assertInstanceOf(SagaInput.Scored.class, applied.getLast().getFirst());
    }

    @Test
    void recordThatKeepsFailingForItsOwnSakeGoesToTheDeadLetterTopicAfterItsAttempts() throws Exception {
        when(config.inbound().maxAttempts()).thenReturn(2);
        when(orchestrator.consume(anyList())).thenAnswer(call -> {
            List<SagaInput> inputs = call.getArgument(0);
            applied.add(inputs);
            return inputs.getFirst() instanceof SagaInput.Poison
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(new IllegalStateException("cannot apply this record"));
        });

        consumers.onScored(scoredRecord("tx-2")).await().atMost(Duration.ofSeconds(60));

        assertEquals(4, applied.size(), "the batch, two attempts alone, then the dead letter");
        SagaInput.Poison poison = assertInstanceOf(SagaInput.Poison.class, applied.getLast().getFirst());
        assertTrue(poison.reason().contains("after 2 attempts"), poison.reason());
    }

    private ConsumerRecords<String, String> scoredRecord(String transactionId) throws Exception {
        String value = json.writeValueAsString(Fixtures.scored("acme", transactionId, "w-1", Decision.APPROVE));
        TopicPartition partition = new TopicPartition(Topics.SCORED, 0);
        return new ConsumerRecords<>(Map.of(partition, List.of(new ConsumerRecord<>(Topics.SCORED, 0, 0L, "w-1", value))),
                Map.of());
    }
}
