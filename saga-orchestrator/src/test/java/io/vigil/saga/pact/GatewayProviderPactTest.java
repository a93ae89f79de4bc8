package io.vigil.saga.pact;

import static io.restassured.RestAssured.given;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Consumer;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.Decision;
import io.vigil.contracts.Headers;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Topics;
import io.vigil.saga.service.Fixtures;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays the gateway's pact for saga-orchestrator's internal API against the running service.
 * Provider states run real sagas: a scored transaction fed through Kafka, the history participant's
 * reply sent back, until the saga completed (APPROVE) or parked on an open case (REVIEW).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
@Provider("saga-orchestrator")
@Consumer("gateway")
@PactFolder("../contracts/pacts")
class GatewayProviderPactTest {

    private static final String TENANT = "pact-gateway";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL root;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(new HttpTestTarget(root.getHost(), root.getPort()));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void honoursThePact(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State("saga tx-gw-saga of tenant pact-gateway has completed")
    void sagaCompleted() throws Exception {
        runSaga("tx-gw-saga", Decision.APPROVE);
        awaitUntil("saga tx-gw-saga completed", () -> "COMPLETED".equals(sagaState("tx-gw-saga")));
    }

    @State("saga tx-gw-cancel of tenant pact-gateway has completed")
    void sagaToCancelCompleted() throws Exception {
        runSaga("tx-gw-cancel", Decision.APPROVE);
        awaitUntil("saga tx-gw-cancel completed", () -> "COMPLETED".equals(sagaState("tx-gw-cancel")));
    }

    @State("case tx-gw-open of tenant pact-gateway is open")
    void caseOpen() throws Exception {
        openCase("tx-gw-open");
    }

    @State("case tx-gw-review of tenant pact-gateway is open")
    void caseToResolveOpen() throws Exception {
        openCase("tx-gw-review");
    }

    @State("cases tx-gw-first then tx-gw-second of tenant pact-gateway are open")
    void twoCasesOpenInTurn() throws Exception {
        openCase("tx-gw-first");
        openCase("tx-gw-second");
    }

    private void openCase(String transactionId) throws Exception {
        runSaga(transactionId, Decision.REVIEW);
        awaitUntil("case " + transactionId + " open", () -> given().header(Headers.TENANT, TENANT)
                .get("/v1/cases?status=OPEN").then().statusCode(200).extract().jsonPath()
                .getList("caseId", String.class).contains(transactionId));
    }

    /** Feeds the scored transaction and answers the history participant's record command with success. */
    private void runSaga(String transactionId, Decision decision) throws Exception {
        String wallet = "w-" + UUID.randomUUID();
        send(Topics.SCORED, wallet, Fixtures.scored(TENANT, transactionId, wallet, decision));
        HistoryCommand command = json.readValue(next(Topics.HISTORY_COMMANDS, wallet), HistoryCommand.class);
        send(Topics.HISTORY_REPLIES, wallet,
                new HistoryReply(command.commandId(), command.sagaId(), command.type(), true, null));
    }

    private String sagaState(String transactionId) {
        return given().header(Headers.TENANT, TENANT).get("/v1/sagas/{id}", transactionId)
                .then().statusCode(200).extract().path("state");
    }

    private static void awaitUntil(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private void send(String topic, String key, Object value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(value))).get();
        }
    }

    /** The first value published on {@code topic} for {@code key}, read from the start of the topic. */
    private String next(String topic, String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pact-gateway-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("nothing published on " + topic + " for " + key + " within " + PATIENCE);
    }
}
