package io.vigil.enrichment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vigil.contracts.Channel;
import io.vigil.contracts.Problem;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.model.Decided;
import io.vigil.enrichment.service.DecisionService;
import io.vigil.enrichment.service.InvalidTransactionException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** How a consumed transaction that cannot be decided is retried, and when it goes to the dead-letter topic. */
class TransactionConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final DecisionService decisions = mock(DecisionService.class);
    private final DeadLetters deadLetters = mock(DeadLetters.class);
    private final TransactionConsumer consumer = new TransactionConsumer(decisions, deadLetters, json);
    /** What each call to the decision pipeline was asked to decide. */
    private final List<Transaction> decided = new CopyOnWriteArrayList<>();

    @BeforeEach
    void deadLettersAreAccepted() {
        when(deadLetters.transaction(any(), any(), anyString())).thenReturn(Uni.createFrom().voidItem());
    }

    @Test
    void transactionWaitsForADatabaseOutOfReachInsteadOfGoingToTheDeadLetterTopic() throws Exception {
        List<Throwable> restart = new CopyOnWriteArrayList<>(List.of(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null),
                ClosedConnectionException.INSTANCE,
                new ConnectException("Connection refused: /127.0.0.1:5432"),
                new PgException("the database system is starting up", "FATAL", "57P03", null),
                new PgException("sorry, too many clients already", "FATAL", "53300", null)));
        when(decisions.decide(any(), isNull(), eq("kafka"))).thenAnswer(call -> {
            decided.add(call.getArgument(0));
            return restart.isEmpty()
                    ? Uni.createFrom().<Decided>nullItem()
                    : Uni.createFrom().failure(restart.removeFirst());
        });

        consumer.consume(record("tx-1", transaction("tx-1"))).await().atMost(WAIT);

        verify(deadLetters, never()).transaction(any(), any(), anyString());
        assertEquals(6, decided.size(), "five failed attempts during the restart, then the one that succeeded");
    }

    @Test
    void unparseableTransactionGoesToTheDeadLetterTopicWithTheReason() {
        consumer.consume(record("w-1", "{not json at all")).await().atMost(WAIT);

        assertTrue(deadLetterReason("{not json at all").startsWith("undeserializable"));
        verify(decisions, never()).decide(any(), any(), anyString());
    }

    @Test
    void invalidTransactionGoesToTheDeadLetterTopicAtOnce() throws Exception {
        when(decisions.decide(any(), isNull(), eq("kafka"))).thenAnswer(call -> {
            decided.add(call.getArgument(0));
            throw new InvalidTransactionException(List.of(new Problem.FieldError("amount", "must be positive")));
        });
        String value = transaction("tx-2");

        consumer.consume(record("tx-2", value)).await().atMost(WAIT);

        assertEquals(1, decided.size(), "an invalid transaction is not tried again");
        assertEquals("invalid: amount: must be positive", deadLetterReason(value));
    }

    @Test
    void transactionThatKeepsFailingForItsOwnSakeGoesToTheDeadLetterTopicAfterItsAttempts() throws Exception {
        when(decisions.decide(any(), isNull(), eq("kafka"))).thenAnswer(call -> {
            decided.add(call.getArgument(0));
            return Uni.createFrom().failure(new IllegalStateException("cannot decide this transaction"));
        });
        String value = transaction("tx-3");

        consumer.consume(record("tx-3", value)).await().atMost(WAIT);

        assertEquals(4, decided.size(), "the first attempt and three retries");
        assertTrue(deadLetterReason(value).startsWith("processing failed: java.lang.IllegalStateException"));
    }

    private String deadLetterReason(String value) {
        ArgumentCaptor<String> reason = ArgumentCaptor.forClass(String.class);
        verify(deadLetters).transaction(any(), eq(value), reason.capture());
        return reason.getValue();
    }

    private String transaction(String id) throws Exception {
        return json.writeValueAsString(new Transaction("acme", id, "w-1", new BigDecimal("10.00"), "EUR", "m-1",
                "5411", Channel.ECOM, "FR", "dev-1", "10.0.0.1", Instant.parse("2026-01-01T00:00:00Z")));
    }

    private static ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>(Topics.TRANSACTIONS, 0, 0L, key, value);
    }
}
