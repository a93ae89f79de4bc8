package io.vigil.saga.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionEvent;
import io.vigil.contracts.Headers;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Topics;
import io.vigil.saga.engine.StepRecord;
import io.vigil.saga.engine.StepStatus;
import io.vigil.saga.model.SagaIds;
import io.vigil.saga.model.TransactionSagaData;
import io.vigil.saga.service.Fixtures;
import io.vigil.saga.service.RecoverySweep;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresDatabase;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a restarted orchestrator finds in its database: a saga left awaiting a reply whose deadline
 * passed, and an outbox row the crashed process never published. The sweep and the relay finish both.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
class SagaRecoveryTest {

    @Inject
    ObjectMapper json;

    @Inject
    RecoverySweep sweep;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void inFlightSagaLeftByACrashIsResumedBySweepAndCompletes() throws Exception {
        String tx = "tx-" + UUID.randomUUID();
        String wallet = "w-" + UUID.randomUUID();
        String orphan = "orphan-" + UUID.randomUUID();
        Instant crashedAt = Instant.now().minus(Duration.ofMinutes(5));
        TransactionSagaData data = TransactionSagaData.of(Fixtures.scored("acme", tx, wallet, Decision.APPROVE));
        StepRecord inFlight = new StepRecord("history.record", 0, StepRecord.Phase.FORWARD, StepStatus.AWAITING_REPLY,
                true, 1, SagaIds.of("acme", tx) + ":history.record", crashedAt, null, crashedAt.plusSeconds(10), null);

        try (KafkaTestClient kafka = new KafkaTestClient(json);
                KafkaTestClient.Collector commands = KafkaTestClient.collect(Topics.HISTORY_COMMANDS);
                KafkaTestClient.Collector decisions = KafkaTestClient.collect(Topics.DECISIONS)) {
            try (Connection c = PostgresDatabase.connect(jdbcUrl)) {
                insertRunning(c, tx, wallet, json.writeValueAsString(data), json.writeValueAsString(List.of(inFlight)),
                        inFlight.deadline(), crashedAt);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_message (message_id, topic,"
                        + " message_key, payload) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, orphan);
                    ps.setString(2, Topics.DECISIONS);
                    ps.setString(3, wallet);
                    ps.setString(4, "{\"transactionId\":\"" + orphan + "\"}");
                    ps.executeUpdate();
                }
            }

            sweep.sweep().await().atMost(Duration.ofSeconds(30));

            ConsumerRecord<String, String> resent = commands.awaitOne("re-sent RECORD", r -> r.value().contains(tx));
            HistoryCommand command = kafka.read(resent, HistoryCommand.class);
            assertEquals(SagaIds.of("acme", tx) + ":history.record", command.commandId(),
                    "same command id: the participant deduplicates");
            kafka.send(Topics.HISTORY_REPLIES, wallet,
                    new HistoryReply(command.commandId(), command.sagaId(), HistoryCommand.Type.RECORD, true, null));

            DecisionEvent decision = kafka.read(
                    decisions.awaitOne("decision", r -> r.value().contains(tx)), DecisionEvent.class);
            assertEquals(Decision.APPROVE, decision.decision());
            decisions.awaitOne("orphaned outbox row published", r -> r.value().contains(orphan));
            given().header(Headers.TENANT, "acme").get("/v1/sagas/{id}", tx).then()
                    .statusCode(200)
                    .body("state", equalTo("COMPLETED"))
                    .body("steps[0].attempts", equalTo(2));
            KafkaTestClient.await("orphan deleted once published", () -> Optional.of(outboxRows(orphan)).filter(n -> n == 0));
        }
    }

    @Test
    void oneSweepWakesItsDueSagasTogetherAndOneThatCannotBeReadHoldsBackNoOther() throws Exception {
        Instant crashedAt = Instant.now().minus(Duration.ofMinutes(5));
        List<String> due = List.of("due-" + UUID.randomUUID(), "due-" + UUID.randomUUID(), "due-" + UUID.randomUUID());
        String unreadable = "unreadable-" + UUID.randomUUID();

        try (KafkaTestClient.Collector commands = KafkaTestClient.collect(Topics.HISTORY_COMMANDS);
                Connection c = PostgresDatabase.connect(jdbcUrl)) {
            for (String tx : due) {
                insertRunning(c, tx, "w-" + tx, dataOf(tx), stepsAwaitingRecord(tx, crashedAt),
                        crashedAt.plusSeconds(10), crashedAt);
            }
            insertRunning(c, unreadable, "w-" + unreadable, dataOf(unreadable), "{\"not\": \"a step log\"}",
                    crashedAt.plusSeconds(10), crashedAt);

            sweep.sweep().await().atMost(Duration.ofSeconds(30));

            for (String tx : due) {
                HistoryCommand resent = json.readValue(
                        commands.awaitOne("RECORD re-sent for " + tx, r -> r.value().contains(tx)).value(),
                        HistoryCommand.class);
                assertEquals(SagaIds.of("acme", tx) + ":history.record", resent.commandId());
                given().header(Headers.TENANT, "acme").get("/v1/sagas/{id}", tx).then()
                        .statusCode(200)
                        .body("steps[0].attempts", equalTo(2));
            }
            assertEquals(3L, version(c, unreadable), "the saga that cannot be read is left as it was");
        }
    }

    /** A saga that cannot be read would have every later sweep of the class wake the others one by one. */
    @AfterEach
    void removeUnreadableSagas() throws Exception {
        try (Connection c = PostgresDatabase.connect(jdbcUrl);
                PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM saga_instance WHERE saga_id LIKE 'acme/unreadable-%'")) {
            ps.executeUpdate();
        }
    }

    private String dataOf(String tx) throws Exception {
        return json.writeValueAsString(
                TransactionSagaData.of(Fixtures.scored("acme", tx, "w-" + tx, Decision.APPROVE)));
    }

    private String stepsAwaitingRecord(String tx, Instant sentAt) throws Exception {
        return json.writeValueAsString(List.of(new StepRecord("history.record", 0, StepRecord.Phase.FORWARD,
                StepStatus.AWAITING_REPLY, true, 1, SagaIds.of("acme", tx) + ":history.record", sentAt, null,
                sentAt.plusSeconds(10), null)));
    }

    /** acme's saga of {@code tx} as a crashed orchestrator left it: running, version 3, due at {@code wakeAt}. */
    private static void insertRunning(Connection c, String tx, String wallet, String data, String steps,
            Instant wakeAt, Instant startedAt) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO saga_instance (saga_id, saga_type, tenant,"
                + " wallet_id, state, cursor_pos, data, steps, wake_at, started_at, updated_at, version)"
                + " VALUES (?, 'transaction', 'acme', ?, 'RUNNING', 0, ?::json, ?::json, ?, ?, ?, 3)")) {
            ps.setString(1, SagaIds.of("acme", tx));
            ps.setString(2, wallet);
            ps.setString(3, data);
            ps.setString(4, steps);
            ps.setTimestamp(5, Timestamp.from(wakeAt));
            ps.setTimestamp(6, Timestamp.from(startedAt));
            ps.setTimestamp(7, Timestamp.from(startedAt));
            ps.executeUpdate();
        }
    }

    private static long version(Connection c, String tx) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM saga_instance WHERE saga_id = ?")) {
            ps.setString(1, SagaIds.of("acme", tx));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long outboxRows(String messageId) {
        try (Connection c = PostgresDatabase.connect(jdbcUrl);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox_message WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
