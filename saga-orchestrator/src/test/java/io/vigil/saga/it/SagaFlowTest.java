package io.vigil.saga.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vigil.contracts.CancellationEvent;
import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionEvent;
import io.vigil.contracts.Headers;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Problem;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Verdict;
import io.vigil.saga.engine.SagaState;
import io.vigil.saga.model.InboundMessage;
import io.vigil.saga.repository.SagaRepository;
import io.vigil.saga.service.Fixtures;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresDatabase;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The orchestrator against a real broker and a real PostgreSQL: the test plays the payment system
 * (scored events in, decisions out) and the enrichment-service history participant.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SagaFlowTest {

    private static final String TENANT = "acme";

    @Inject
    ObjectMapper json;

    @Inject
    Tracer tracer;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private KafkaTestClient kafka;
    private KafkaTestClient.Collector commands;
    private KafkaTestClient.Collector decisions;
    private KafkaTestClient.Collector deadLetters;

    @BeforeAll
    void clients() {
        kafka = new KafkaTestClient(json);
        commands = KafkaTestClient.collect(Topics.HISTORY_COMMANDS);
        decisions = KafkaTestClient.collect(Topics.DECISIONS);
        deadLetters = KafkaTestClient.collect(Topics.SAGA_DLQ);
    }

    @AfterAll
    void close() {
        commands.close();
        decisions.close();
        deadLetters.close();
        kafka.close();
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private ScoredTransaction scoredEvent(String tx, String wallet, Decision decision) {
        ScoredTransaction scored = Fixtures.scored(TENANT, tx, wallet, decision);
        kafka.send(Topics.SCORED, wallet, scored);
        return scored;
    }

    private HistoryCommand awaitCommand(String tx, HistoryCommand.Type type) {
        ConsumerRecord<String, String> r = commands.awaitOne(type + " command for " + tx,
                c -> c.value().contains(tx) && kafka.read(c, HistoryCommand.class).type() == type);
        return kafka.read(r, HistoryCommand.class);
    }

    private void reply(HistoryCommand command, boolean success) {
        kafka.send(Topics.HISTORY_REPLIES, command.walletId(),
                new HistoryReply(command.commandId(), command.sagaId(), command.type(), success, success ? null : "no"));
    }

    /** A cancellation of a transaction whose scored event has not come: applied once its saga exists. */
    private void cancelBeforeStart(String tx, String wallet) {
        kafka.send(Topics.CANCELLATIONS, wallet, new CancellationEvent(TENANT, tx, wallet, "withdrawn", Instant.now()));
        KafkaTestClient.await("cancelled saga of " + tx, () -> Optional.of(given().header(Headers.TENANT, TENANT)
                        .get("/v1/sagas/{id}", tx).statusCode())
                .filter(status -> status == 200));
    }

    private DecisionEvent awaitDecision(String tx) {
        return kafka.read(decisions.awaitOne("decision for " + tx, r -> r.value().contains(tx)), DecisionEvent.class);
    }

    private String sagaState(String tx) {
        return given().header(Headers.TENANT, TENANT).get("/v1/sagas/{id}", tx)
                .then().statusCode(200).extract().path("state");
    }

    private static boolean gaugeHasState(String metrics, String state) {
        return metrics.lines().anyMatch(l -> l.startsWith("vigil_saga_sagas{") && l.contains("state=\"" + state + "\""));
    }

    private long count(String sql, String arg) throws SQLException {
        try (Connection c = PostgresDatabase.connect(jdbcUrl);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void approvedTransactionRecordsHistoryThenPublishesItsDecision() {
        String tx = id("tx");
        String wallet = id("w");
        scoredEvent(tx, wallet, Decision.APPROVE);

        HistoryCommand record = awaitCommand(tx, HistoryCommand.Type.RECORD);
        assertEquals(TENANT + "/" + tx + ":history.record", record.commandId());
        assertEquals(TENANT + "/" + tx, record.sagaId());
        assertEquals(TENANT, record.tenant());
        reply(record, true);

        DecisionEvent decision = awaitDecision(tx);
        assertEquals(Decision.APPROVE, decision.decision());
        ConsumerRecord<String, String> raw = decisions.awaitOne("decision record", r -> r.value().contains(tx));
        assertEquals(wallet, raw.key());
        assertEquals(TENANT + "/" + tx + ":decision.publish", KafkaTestClient.header(raw, "vigil-message-id"));

        KafkaTestClient.await("saga completed", () -> Optional.of(sagaState(tx)).filter("COMPLETED"::equals));
        given().header(Headers.TENANT, TENANT).get("/v1/sagas/{id}", tx).then()
                .statusCode(200)
                .body("finalDecision", equalTo("APPROVE"))
                .body("steps.name", equalTo(List.of(
                        "history.record", "decision.persist", "case.open", "decision.publish")))
                .body("steps[0].attempts", equalTo(1))
                .body("steps[2].status", equalTo("SKIPPED"));
    }

    @Test
    void aScoredEventAtAnOffsetAnEarlierBrokerAlreadyUsedStillStartsItsSaga() throws SQLException {
        // A broker rebuilt from nothing numbers its records from 0 again, while this database still holds the ids
        // of the records processed from the old one: the next offsets of every partition were an hour-old broker's.
        long oldBrokersRecords = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        try (Connection c = PostgresDatabase.connect(jdbcUrl);
                PreparedStatement ps = c.prepareStatement("INSERT INTO processed_message (message_id) VALUES (?)")) {
            for (Map.Entry<TopicPartition, Long> end : KafkaTestClient.endOffsets(Topics.SCORED).entrySet()) {
                for (long offset = end.getValue(); offset < end.getValue() + 3; offset++) {
                    ps.setString(1, InboundMessage.idOf(
                            Topics.SCORED, end.getKey().partition(), offset, oldBrokersRecords));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        String tx = id("tx");
        scoredEvent(tx, id("w"), Decision.APPROVE);

        assertEquals(TENANT + "/" + tx + ":history.record", awaitCommand(tx, HistoryCommand.Type.RECORD).commandId());
    }

    @Test
    void reviewParksUntilTheCasesApiResolvesIt() {
        String tx = id("tx");
        String wallet = id("w");
        scoredEvent(tx, wallet, Decision.REVIEW);
        reply(awaitCommand(tx, HistoryCommand.Type.RECORD), true);

        KafkaTestClient.await("case open", () -> Optional.of(given().header(Headers.TENANT, TENANT)
                        .get("/v1/cases?status=OPEN").then().statusCode(200).extract().jsonPath()
                        .getList("caseId", String.class))
                .filter(ids -> ids.contains(tx)));
        assertEquals("PARKED", sagaState(tx));
        given().header(Headers.TENANT, "other").get("/v1/cases?status=OPEN").then()
                .statusCode(200).body("caseId", not(hasItem(tx)));
        given().header(Headers.TENANT, "other").header(Headers.SUBJECT, "mallory").contentType(ContentType.JSON)
                .body("{\"verdict\":\"LEGIT\"}")
                .post("/v1/cases/{id}/resolve", tx).then()
                .statusCode(404).contentType(Problem.MEDIA_TYPE);

        given().header(Headers.TENANT, TENANT).header(Headers.SUBJECT, "alice").contentType(ContentType.JSON)
                .body("{\"verdict\":\"FRAUD\",\"note\":\"card testing\"}")
                .post("/v1/cases/{id}/resolve", tx).then()
                .statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("verdict", equalTo("FRAUD"))
                .body("resolvedBy", equalTo("alice"));

        HistoryCommand label = awaitCommand(tx, HistoryCommand.Type.LABEL);
        assertEquals(Verdict.FRAUD, label.label());
        DecisionEvent decision = awaitDecision(tx);
        assertEquals(Decision.DECLINE, decision.decision());
        assertEquals(Decision.REVIEW, decision.scoredDecision());
        assertEquals("alice", decision.resolvedBy());

        given().header(Headers.TENANT, TENANT).header(Headers.SUBJECT, "bob").contentType(ContentType.JSON)
                .body("{\"verdict\":\"LEGIT\"}")
                .post("/v1/cases/{id}/resolve", tx).then()
                .statusCode(409).contentType(Problem.MEDIA_TYPE).body("status", equalTo(409));
        // alice's retry of her own verdict, as after an answer lost to a timeout, gets her resolution back
        given().header(Headers.TENANT, TENANT).header(Headers.SUBJECT, "alice").contentType(ContentType.JSON)
                .body("{\"verdict\":\"FRAUD\",\"note\":\"card testing\"}")
                .post("/v1/cases/{id}/resolve", tx).then()
                .statusCode(200)
                .body("verdict", equalTo("FRAUD"))
                .body("resolvedBy", equalTo("alice"));
        given().header(Headers.TENANT, TENANT).header(Headers.SUBJECT, "alice").contentType(ContentType.JSON)
                .body("{\"verdict\":\"FRAUD\",\"note\":\"a\\u0000b\"}")
                .post("/v1/cases/{id}/resolve", tx).then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void twoTenantsWithTheSameTransactionIdEachGetTheirOwnSagaCaseAndPublishedDecision() throws Exception {
        String tx = id("tx");
        String other = "globex";
        List<String> tenants = List.of(TENANT, other);
        for (String tenant : tenants) {
            String wallet = id("w");
            kafka.send(Topics.SCORED, wallet, Fixtures.scored(tenant, tx, wallet, Decision.REVIEW));
        }
        for (String tenant : tenants) {
            HistoryCommand record = kafka.read(commands.awaitOne("RECORD for " + tenant, c -> c.value().contains(tx)
                    && kafka.read(c, HistoryCommand.class).tenant().equals(tenant)), HistoryCommand.class);
            assertEquals(tenant + "/" + tx, record.sagaId());
            reply(record, true);
        }
        for (String tenant : tenants) {
            KafkaTestClient.await("case open for " + tenant, () -> Optional.of(given().header(Headers.TENANT, tenant)
                            .get("/v1/cases?status=OPEN").then().statusCode(200).extract().jsonPath()
                            .getList("caseId", String.class))
                    .filter(ids -> ids.contains(tx)));
        }

        given().header(Headers.TENANT, TENANT).header(Headers.SUBJECT, "alice").contentType(ContentType.JSON)
                .body("{\"verdict\":\"FRAUD\"}")
                .post("/v1/cases/{id}/resolve", tx).then()
                .statusCode(200).body("status", equalTo("RESOLVED"));
        given().header(Headers.TENANT, other).get("/v1/cases?status=OPEN").then()
                .statusCode(200).body("caseId", hasItem(tx));
        given().header(Headers.TENANT, other).header(Headers.SUBJECT, "bob").contentType(ContentType.JSON)
                .body("{\"verdict\":\"LEGIT\"}")
                .post("/v1/cases/{id}/resolve", tx).then()
                .statusCode(200).body("status", equalTo("RESOLVED"));

        KafkaTestClient.await("both decisions", () -> Optional.of(decisions.matching(d -> d.value().contains(tx)))
                .filter(published -> published.size() == 2));
        Map<String, Decision> published = new HashMap<>();
        decisions.matching(d -> d.value().contains(tx)).forEach(d -> {
            DecisionEvent event = kafka.read(d, DecisionEvent.class);
            published.put(event.tenant(), event.decision());
        });
        assertEquals(Map.of(TENANT, Decision.DECLINE, other, Decision.APPROVE), published);
        for (String tenant : tenants) {
            KafkaTestClient.await(tenant + "'s saga completed", () -> Optional.of(given().header(Headers.TENANT, tenant)
                            .get("/v1/sagas/{id}", tx).then().statusCode(200).extract().<String>path("state"))
                    .filter("COMPLETED"::equals));
        }
        assertEquals(2, count("SELECT count(*) FROM decision_audit WHERE transaction_id = ?", tx));
        assertTrue(deadLetters.matching(d -> d.value().contains(tx)).isEmpty(), "nothing dead-lettered");
    }

    @Test
    void duplicateScoredEventAndDuplicateReplyCauseNoRepeatedEffect() throws Exception {
        String tx = id("tx");
        String wallet = id("w");
        ScoredTransaction scored = scoredEvent(tx, wallet, Decision.DECLINE);
        kafka.send(Topics.SCORED, wallet, scored);
        HistoryCommand record = awaitCommand(tx, HistoryCommand.Type.RECORD);
        reply(record, true);
        reply(record, true);
        awaitDecision(tx);
        // a marker saga on the same wallet (same partitions) finishing proves every duplicate before it was consumed
        String marker = id("tx");
        scoredEvent(marker, wallet, Decision.APPROVE);
        reply(awaitCommand(marker, HistoryCommand.Type.RECORD), true);
        awaitDecision(marker);

        assertEquals(1, commands.matching(c -> c.value().contains(tx)).size());
        assertEquals(1, decisions.matching(d -> d.value().contains(tx)).size());
        assertEquals(1, count("SELECT count(*) FROM decision_audit WHERE transaction_id = ?", tx));
        // the relay drains in order, so the marker's publication means the saga's rows were deleted before it
        assertEquals(0, count("SELECT count(*) FROM outbox_message WHERE message_id LIKE ?", TENANT + "/" + tx + ":%"),
                "the saga's command and decision were published, then deleted from the outbox");
        given().header(Headers.TENANT, TENANT).get("/v1/sagas/{id}", tx).then()
                .body("state", equalTo("COMPLETED")).body("steps[0].attempts", equalTo(1));
    }

    @Test
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndTheNextMessageStillFlows() {
        String wallet = id("w");
        kafka.send(Topics.SCORED, wallet, "{not json");
        ScoredTransaction invalid = Fixtures.scored(TENANT, id("tx"), wallet, Decision.APPROVE);
        kafka.send(Topics.SCORED, wallet, new ScoredTransaction(invalid.transaction(), invalid.features(),
                invalid.decision(), 7.0, invalid.reasons(), invalid.modelVersion(), false, invalid.scoredAt(), null));
        String tx = id("tx");
        scoredEvent(tx, wallet, Decision.APPROVE);
        reply(awaitCommand(tx, HistoryCommand.Type.RECORD), true);
        awaitDecision(tx);

        ConsumerRecord<String, String> garbage = deadLetters.awaitOne("dead letter", r -> "{not json".equals(r.value()));
        assertEquals(wallet, garbage.key());
        assertTrue(KafkaTestClient.header(garbage, Topics.DLQ_REASON_HEADER).startsWith("not a valid ScoredTransaction"));
        ConsumerRecord<String, String> outOfRange = deadLetters.awaitOne("invalid", r -> r.value().contains(invalid.transaction().transactionId()));
        assertEquals("invalid: score not in [0, 1]", KafkaTestClient.header(outOfRange, Topics.DLQ_REASON_HEADER));
        assertTrue(KafkaTestClient.header(outOfRange, "vigil-dlq-source").startsWith(Topics.SCORED));
    }

    @Test
    void poisonWithANulInItsKeyIsDeadLetteredAndTheChannelGoesOn() {
        String poisonKey = "w\u0000" + UUID.randomUUID();
        kafka.send(Topics.CANCELLATIONS, poisonKey, "{\u0000");

        ConsumerRecord<String, String> dead = deadLetters.awaitOne("dead letter keyed with a NUL",
                r -> ("w\uFFFD" + poisonKey.substring(2)).equals(r.key()));
        assertTrue(KafkaTestClient.header(dead, Topics.DLQ_REASON_HEADER).startsWith("not a valid CancellationEvent"));
        cancelBeforeStart(id("tx"), id("w"));
    }

    @Test
    void poisonTooLargeToSendWholeIsDeadLetteredCutAndTheOutboxGoesOn() {
        String poisonKey = id("w-big");
        // 360,000 NULs are stored as U+FFFD, three bytes each: 1.08 MB, past the producer's 1 MiB
        kafka.send(Topics.CANCELLATIONS, poisonKey, "{" + "\u0000".repeat(360_000));
        String hugeKey = id("w-huge") + "\u0000".repeat(350_000);
        kafka.send(Topics.CANCELLATIONS, hugeKey, "{}");

        ConsumerRecord<String, String> dead = deadLetters.awaitOne("dead letter cut to size",
                r -> poisonKey.equals(r.key()));
        assertEquals("1080001", KafkaTestClient.header(dead, Topics.DLQ_TRUNCATED_HEADER));
        ConsumerRecord<String, String> deadKey = deadLetters.awaitOne("dead letter with its key cut",
                r -> r.key() != null && r.key().startsWith(hugeKey.substring(0, 20)));
        assertEquals(Long.toString(hugeKey.length() + 2L * 350_000),
                KafkaTestClient.header(deadKey, Topics.DLQ_KEY_TRUNCATED_HEADER));
        String tx = id("tx");
        scoredEvent(tx, id("w"), Decision.APPROVE);
        reply(awaitCommand(tx, HistoryCommand.Type.RECORD), true);
        awaitDecision(tx);
    }

    @Test
    void cancellationAfterPublishRetractsAuditAndVoidsHistoryWithoutANewDecision() throws Exception {
        String tx = id("tx");
        String wallet = id("w");
        scoredEvent(tx, wallet, Decision.APPROVE);
        reply(awaitCommand(tx, HistoryCommand.Type.RECORD), true);
        awaitDecision(tx);
        KafkaTestClient.await("completed", () -> Optional.of(sagaState(tx)).filter("COMPLETED"::equals));

        given().header(Headers.TENANT, "other").post("/v1/sagas/{id}/cancel", tx).then().statusCode(404);
        given().header(Headers.TENANT, TENANT).post("/v1/sagas/{id}/cancel", tx).then()
                .statusCode(200).body("state", equalTo("COMPENSATING"));
        reply(awaitCommand(tx, HistoryCommand.Type.VOID), true);
        KafkaTestClient.await("cancelled", () -> Optional.of(sagaState(tx)).filter("CANCELLED"::equals));
        assertEquals(1, count("SELECT count(*) FROM decision_audit WHERE transaction_id = ? AND retracted_at IS NOT NULL", tx));
        assertEquals(1, decisions.matching(d -> d.value().contains(tx)).size());
    }

    @Test
    void cancellationEventWhileAwaitingHistoryCompensates() {
        String tx = id("tx");
        String wallet = id("w");
        scoredEvent(tx, wallet, Decision.APPROVE);
        HistoryCommand record = awaitCommand(tx, HistoryCommand.Type.RECORD);
        kafka.send(Topics.CANCELLATIONS, wallet, new CancellationEvent(
                TENANT, tx, wallet, "customer withdrew", Instant.now()));
        reply(awaitCommand(tx, HistoryCommand.Type.VOID), true);
        reply(record, true);
        KafkaTestClient.await("cancelled", () -> Optional.of(sagaState(tx)).filter("CANCELLED"::equals));
        assertTrue(decisions.matching(d -> d.value().contains(tx)).isEmpty());
    }

    @Test
    void cancellationOvertakingItsScoredEventVoidsWhatScoringStoredAndPublishesNothing() {
        String tx = id("tx");
        String wallet = id("w");
        cancelBeforeStart(tx, wallet);
        scoredEvent(tx, wallet, Decision.APPROVE);

        // enrichment-service stored the transaction in the wallet history when it scored it
        reply(awaitCommand(tx, HistoryCommand.Type.VOID), true);
        KafkaTestClient.await("cancelled again", () -> Optional.of(sagaState(tx)).filter("CANCELLED"::equals));
        // a later saga of the same wallet completing proves nothing of the first was published before it
        String marker = id("tx");
        scoredEvent(marker, wallet, Decision.APPROVE);
        reply(awaitCommand(marker, HistoryCommand.Type.RECORD), true);
        awaitDecision(marker);
        assertTrue(decisions.matching(d -> d.value().contains(tx)).isEmpty());
        given().header(Headers.TENANT, TENANT).get("/v1/sagas/{id}", tx).then()
                .body("steps.name", equalTo(List.of("history.record", "history.void")));
    }

    @Test
    void restApiAnswersProblemsForBadInput() {
        given().get("/v1/sagas/{id}", "x").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo(Headers.TENANT));
        given().header(Headers.TENANT, TENANT).get("/v1/sagas/{id}", "unknown").then()
                .statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().header(Headers.TENANT, TENANT).get("/v1/cases?status=BOGUS").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE);
        given().header(Headers.TENANT, TENANT).header(Headers.SUBJECT, "a").contentType(ContentType.JSON)
                .body("{\"note\":\"no verdict\"}").post("/v1/cases/{id}/resolve", "x").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors.field", hasItem("verdict"));
        given().header(Headers.TENANT, TENANT).header(Headers.SUBJECT, "a").contentType(ContentType.JSON)
                .body("{\"verdict\":").post("/v1/cases/{id}/resolve", "x").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void withoutACollectorSpansCarryATraceIdButAreNotExported() {
        Span span = tracer.spanBuilder("probe").startSpan();
        try {
            assertTrue(span.getSpanContext().isValid(), "trace context still propagates");
            String endpoint = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getConfigValue("quarkus.otel.exporter.otlp.traces.endpoint").getValue();
            assertTrue(endpoint == null || endpoint.isBlank(), "no OTLP export without a configured collector");
        } finally {
            span.end();
        }
    }

    @Test
    void stateGaugeReadsOnlyThePartialIndexOfUnsettledSagas() throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = PostgresDatabase.connect(jdbcUrl);
                Statement statement = c.createStatement()) {
            // a seq scan is cheaper on a test-sized table; forbidding it shows whether the index is usable at all
            statement.execute("SET enable_seqscan = off");
            try (ResultSet rs = statement.executeQuery("EXPLAIN " + SagaRepository.COUNT_UNSETTLED)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertTrue(plan.toString().contains("saga_instance_unsettled_idx"), plan.toString());
        for (SagaState state : SagaState.values()) {
            assertEquals(!state.isSettled(), SagaRepository.COUNT_UNSETTLED.contains("'" + state + "'"), state.name());
        }
    }

    @Test
    void healthAndMetricsAreExposed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        String tx = id("tx");
        scoredEvent(tx, id("w"), Decision.APPROVE);
        reply(awaitCommand(tx, HistoryCommand.Type.RECORD), true);
        awaitDecision(tx);
        KafkaTestClient.await("latency histogram", () -> Optional.of(given().get("/q/metrics").asString())
                .filter(m -> m.contains("vigil_saga_scored_to_published_seconds_bucket")));
        String metrics = given().get("/q/metrics").asString();
        assertTrue(gaugeHasState(metrics, "RUNNING"), "saga state gauge");
        assertFalse(gaugeHasState(metrics, "COMPLETED"), "settled sagas are counted by vigil_saga_settled_total");
        assertTrue(metrics.contains("vigil_saga_step_duration_seconds"), "step latency");
        given().get("/q/openapi").then().statusCode(200).body(startsWith("---"));
    }
}
