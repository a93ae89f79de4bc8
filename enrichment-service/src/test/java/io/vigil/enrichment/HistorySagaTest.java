package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.Features;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Verdict;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.service.HistoryCommandService.Delivery;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.TestKafka;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class HistorySagaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    HistoryCommandService history;

    @InjectWireMock
    WireMockServer mlEngine;

    private Api api;
    private String tenant;
    private final Instant t0 = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void setUp() {
        api = new Api(json);
        tenant = "t-" + UUID.randomUUID();
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
    }

    @Test
    void recordConfirmsTheTransactionAndADuplicateCommandGetsTheSameReplyWithoutAnotherEffect() {
        api.decide(Tx.of(tenant, "w-rec", "s-1", t0).build());
        try (TestKafka.Watcher replies = TestKafka.watch(Topics.HISTORY_REPLIES)) {
            HistoryCommand record = command("s-1", "w-rec", HistoryCommand.Type.RECORD, null);
            send(record);
            ConsumerRecord<String, String> first = replies.await(r -> r.value().contains(record.commandId()), WAIT);
            HistoryReply reply = api.read(first.value(), HistoryReply.class);
            assertTrue(reply.success());
            assertEquals(record.sagaId(), reply.sagaId());
            assertEquals("w-rec", first.key());
            assertEquals("RECORDED", row("s-1").getString("status"));

            send(record);
            List<ConsumerRecord<String, String>> both = awaitReplies(replies, record.commandId(), 2);
            assertEquals(api.read(both.get(0).value(), HistoryReply.class),
                    api.read(both.get(1).value(), HistoryReply.class));
            assertEquals(1L, processedCount(record.commandId()));
        }
    }

    @Test
    void voidRemovesTheTransactionFromLaterFeatures() {
        api.decide(Tx.of(tenant, "w-void", "v-1", t0).amount("100.00").build());
        api.decide(Tx.of(tenant, "w-void", "v-2", t0.plusSeconds(60)).amount("20.00").build());
        try (TestKafka.Watcher replies = TestKafka.watch(Topics.HISTORY_REPLIES)) {
            HistoryCommand voidIt = command("v-1", "w-void", HistoryCommand.Type.VOID, null);
            send(voidIt);
            assertTrue(api.read(replies.await(r -> r.value().contains(voidIt.commandId()), WAIT).value(),
                    HistoryReply.class).success());
        }
        assertEquals("VOIDED", row("v-1").getString("status"));

        Features f = api.decide(Tx.of(tenant, "w-void", "v-3", t0.plusSeconds(120)).build()).features();
        assertEquals(1, f.count1h());
        assertEquals(20.0, f.sum1h());
        assertEquals(60, f.secondsSinceLast());
    }

    @Test
    void aFraudLabelFeedsFraud30dAndTheMerchantFraudRate() {
        api.decide(Tx.of(tenant, "w-lab", "l-1", t0).merchant("m-bad").build());
        api.decide(Tx.of(tenant, "w-other", "l-2", t0.plusSeconds(30)).merchant("m-bad").build());
        try (TestKafka.Watcher replies = TestKafka.watch(Topics.HISTORY_REPLIES)) {
            HistoryCommand label = command("l-1", "w-lab", HistoryCommand.Type.LABEL, Verdict.FRAUD);
            send(label);
            assertTrue(api.read(replies.await(r -> r.value().contains(label.commandId()), WAIT).value(),
                    HistoryReply.class).success());
        }
        assertEquals("FRAUD", row("l-1").getString("label"));

        Features f = api.decide(Tx.of(tenant, "w-lab", "l-3", t0.plusSeconds(60)).merchant("m-bad").build())
                .features();
        assertEquals(1, f.fraud30d());
        assertEquals(Math.round(1 / (2 + 10.0) * 10_000) / 10_000.0, f.merchantFraudRate(),
                "one fraud among the merchant's two transactions, with the prior of 10");
        Features otherWallet = api.decide(Tx.of(tenant, "w-other", "l-4", t0.plusSeconds(90)).merchant("m-bad")
                .build()).features();
        assertEquals(0, otherWallet.fraud30d(), "fraud30d is per wallet");
        assertEquals(Math.round(1 / (3 + 10.0) * 10_000) / 10_000.0, otherWallet.merchantFraudRate());
    }

    @Test
    void commandsOfOneBatchLeaveEachTransactionAsApplyingThemInOrderWould() {
        api.decide(Tx.of(tenant, "w-batch", "b-1", t0).build());
        api.decide(Tx.of(tenant, "w-batch", "b-2", t0.plusSeconds(60)).build());
        HistoryCommand record = command("b-1", "w-batch", HistoryCommand.Type.RECORD, null);
        HistoryCommand fraud = command("b-1", "w-batch", HistoryCommand.Type.LABEL, Verdict.FRAUD);
        HistoryCommand voidIt = command("b-1", "w-batch", HistoryCommand.Type.VOID, null);
        HistoryCommand recordVoided = command("b-1", "w-batch", HistoryCommand.Type.RECORD, null);
        HistoryCommand legit = command("b-1", "w-batch", HistoryCommand.Type.LABEL, Verdict.LEGIT);
        HistoryCommand recordOther = command("b-2", "w-batch", HistoryCommand.Type.RECORD, null);

        List<HistoryReply> replies = history.handle(List.of(record, fraud, voidIt, recordVoided, legit, recordOther)
                        .stream().map(c -> new Delivery(c, null)).toList())
                .await().atMost(WAIT);

        assertEquals(List.of(true, true, true, false, true, true), replies.stream().map(HistoryReply::success).toList(),
                "a RECORD after the VOID of its batch sees the transaction voided");
        assertEquals("VOIDED", row("b-1").getString("status"));
        assertEquals("LEGIT", row("b-1").getString("label"), "the last label of the batch");
        assertEquals("RECORDED", row("b-2").getString("status"));
        assertNull(row("b-2").getString("label"));
    }

    @Test
    void aCommandForAnUnknownTransactionIsAnsweredWithAFailure() {
        try (TestKafka.Watcher replies = TestKafka.watch(Topics.HISTORY_REPLIES)) {
            HistoryCommand record = command("nope", "w-none", HistoryCommand.Type.RECORD, null);
            send(record);
            HistoryReply reply = api.read(replies.await(r -> r.value().contains(record.commandId()), WAIT).value(),
                    HistoryReply.class);
            assertFalse(reply.success());
            assertTrue(reply.reason().contains("unknown transaction"), reply.reason());
        }
    }

    @Test
    void theVoidOfAnUnknownTransactionSucceedsSoTheSagaCompensatingItSettles() {
        HistoryCommand record = command("gone", "w-gone", HistoryCommand.Type.RECORD, null);
        HistoryCommand voidIt = command("gone", "w-gone", HistoryCommand.Type.VOID, null);
        HistoryCommand label = command("gone", "w-gone", HistoryCommand.Type.LABEL, Verdict.FRAUD);

        List<HistoryReply> replies = history.handle(List.of(record, voidIt, label)
                        .stream().map(c -> new Delivery(c, null)).toList())
                .await().atMost(WAIT);

        assertEquals(List.of(false, true, false), replies.stream().map(HistoryReply::success).toList(),
                "a void finds what it asks for, the transaction out of the history; a record or a label finds nothing");
        assertNull(replies.get(1).reason());
        assertEquals(1, processedCount(voidIt.commandId()), "answered again, not re-applied, when it comes again");
    }

    @Test
    void poisonCommandsGoToTheSagaDeadLetterTopic() {
        try (TestKafka.Watcher dlq = TestKafka.watch(Topics.SAGA_DLQ);
                TestKafka.Watcher replies = TestKafka.watch(Topics.HISTORY_REPLIES)) {
            String key = "w-poison-" + UUID.randomUUID();
            TestKafka.produce(Topics.HISTORY_COMMANDS, key, "][");
            HistoryCommand noLabel = command("x", key, HistoryCommand.Type.LABEL, null);
            TestKafka.produce(Topics.HISTORY_COMMANDS, key, api.write(noLabel));
            api.decide(Tx.of(tenant, key, "p-after", t0).build());
            HistoryCommand next = command("p-after", key, HistoryCommand.Type.RECORD, null);
            send(next);

            ConsumerRecord<String, String> garbage = dlq.await(r -> key.equals(r.key()) && r.value().equals("]["),
                    WAIT);
            assertTrue(TestKafka.header(garbage, Topics.DLQ_REASON_HEADER).startsWith("undeserializable"));
            ConsumerRecord<String, String> invalid = dlq.await(r -> r.value().contains(noLabel.commandId()), WAIT);
            assertEquals("invalid: LABEL needs a label", TestKafka.header(invalid, Topics.DLQ_REASON_HEADER));
            assertTrue(api.read(replies.await(r -> r.value().contains(next.commandId()), WAIT).value(),
                    HistoryReply.class).success(), "the partition moves on");
            assertNull(row("p-after").getString("label"));
        }
    }

    private HistoryCommand command(String transactionId, String wallet, HistoryCommand.Type type, Verdict label) {
        return new HistoryCommand(UUID.randomUUID().toString(), transactionId, type, tenant, transactionId, wallet,
                label);
    }

    private void send(HistoryCommand command) {
        TestKafka.produce(Topics.HISTORY_COMMANDS, command.walletId(), api.write(command));
    }

    private List<ConsumerRecord<String, String>> awaitReplies(TestKafka.Watcher replies, String commandId, int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ConsumerRecord<String, String>> found = List.of();
        while (System.nanoTime() < deadline && found.size() < n) {
            found = replies.collect(r -> r.value().contains(commandId), Duration.ofMillis(300));
        }
        assertEquals(n, found.size());
        return found;
    }

    private Row row(String transactionId) {
        return pool.preparedQuery("SELECT status, label FROM wallet_transaction WHERE tenant = $1 AND transaction_id = $2")
                .execute(Tuple.of(tenant, transactionId)).await().indefinitely().iterator().next();
    }

    private long processedCount(String commandId) {
        return pool.preparedQuery("SELECT count(*) FROM processed_message WHERE tenant = $1 AND message_id = $2")
                .execute(Tuple.of(tenant, commandId)).await().indefinitely().iterator().next().getLong(0);
    }
}
