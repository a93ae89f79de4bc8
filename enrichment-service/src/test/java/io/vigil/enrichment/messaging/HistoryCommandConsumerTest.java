package io.vigil.enrichment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.service.HistoryCommandService.Delivery;
import io.vigil.enrichment.service.InvalidCommandException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** How consumed saga commands that cannot be applied are retried, and when they go to the dead-letter topic. */
class HistoryCommandConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ObjectMapper json = new ObjectMapper();
    private final HistoryCommandService history = mock(HistoryCommandService.class);
    private final DeadLetters deadLetters = mock(DeadLetters.class);
    private final HistoryCommandConsumer consumer = new HistoryCommandConsumer(history, deadLetters, json);
    /** The command ids each call to the history service was asked to apply. */
    private final List<List<String>> applied = new CopyOnWriteArrayList<>();

    @BeforeEach
    void deadLettersAreAccepted() {
        when(deadLetters.sagaCommand(any(), any(), anyString())).thenReturn(Uni.createFrom().voidItem());
    }

    @Test
    void commandsWaitForADatabaseOutOfReachInsteadOfGoingToTheDeadLetterTopic() throws Exception {
        AtomicInteger outage = new AtomicInteger(5);
        when(history.handle(anyList())).thenAnswer(call -> {
            List<Delivery> deliveries = call.getArgument(0);
            applied.add(ids(deliveries));
            return outage.getAndDecrement() > 0
                    ? Uni.createFrom().failure(new PgException("sorry, too many clients already", "FATAL", "53300", null))
                    : Uni.createFrom().item(replies(deliveries));
        });

        consumer.consume(records(command("c-1", HistoryCommand.Type.RECORD), command("c-2", HistoryCommand.Type.VOID)))
                .await().atMost(WAIT);

        verify(deadLetters, never()).sagaCommand(any(), any(), anyString());
        assertEquals(6, applied.size(), "five failed attempts during the outage, then the one that succeeded");
        assertEquals(List.of("c-1", "c-2"), applied.getLast(), "the batch is applied whole once the database is back");
    }

    @Test
    void unparseableAndInvalidCommandsGoToTheDeadLetterTopicWithTheReasonAndTheOthersAreApplied() throws Exception {
        when(history.handle(anyList())).thenAnswer(call -> {
            List<Delivery> deliveries = call.getArgument(0);
            applied.add(ids(deliveries));
            if (deliveries.stream().anyMatch(d -> d.command().type() == HistoryCommand.Type.LABEL)) {
                throw new InvalidCommandException("LABEL needs a label");
            }
            return Uni.createFrom().item(replies(deliveries));
        });
        String noLabel = command("c-4", HistoryCommand.Type.LABEL);

        consumer.consume(records("][", command("c-3", HistoryCommand.Type.RECORD), noLabel)).await().atMost(WAIT);

        assertTrue(deadLetterReason("][").startsWith("undeserializable"));
        assertEquals("invalid: LABEL needs a label", deadLetterReason(noLabel));
        assertEquals(List.of(List.of("c-3", "c-4"), List.of("c-3"), List.of("c-4")), applied,
                "the batch, then each command alone, the invalid one once");
    }

    @Test
    void commandThatKeepsFailingForItsOwnSakeGoesToTheDeadLetterTopicAfterItsAttempts() throws Exception {
        when(history.handle(anyList())).thenAnswer(call -> {
            applied.add(ids(call.getArgument(0)));
            return Uni.createFrom().failure(new IllegalStateException("cannot apply this command"));
        });
        String value = command("c-5", HistoryCommand.Type.RECORD);

        consumer.consume(records(value)).await().atMost(WAIT);

        assertEquals(5, applied.size(), "the batch, then the first attempt alone and three retries");
        assertTrue(deadLetterReason(value).startsWith("processing failed: java.lang.IllegalStateException"));
    }

    private String deadLetterReason(String value) {
        ArgumentCaptor<String> reason = ArgumentCaptor.forClass(String.class);
        verify(deadLetters).sagaCommand(any(), eq(value), reason.capture());
        return reason.getValue();
    }

    private String command(String commandId, HistoryCommand.Type type) throws Exception {
        return json.writeValueAsString(new HistoryCommand(commandId, "saga-1", type, "acme", "tx-1", "w-1", null));
    }

    private static List<String> ids(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> d.command().commandId()).toList();
    }

    private static List<HistoryReply> replies(List<Delivery> deliveries) {
        return deliveries.stream()
                .map(d -> new HistoryReply(d.command().commandId(), d.command().sagaId(), d.command().type(), true, null))
                .toList();
    }

    private static ConsumerRecords<String, String> records(String... values) {
        TopicPartition partition = new TopicPartition(Topics.HISTORY_COMMANDS, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ConsumerRecord<>(Topics.HISTORY_COMMANDS, 0, records.size(), "w-1", value));
        }
        return new ConsumerRecords<>(Map.of(partition, records), Map.of());
    }
}
