package io.vigil.saga.pact;

import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFilter;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.Decision;
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
import io.vigil.testsupport.MessagePactAssertions;

/**
 * Replays the message pacts whose provider is saga-orchestrator (the gateway's HTTP pact has its
 * own {@link GatewayProviderPactTest}, hence the filter on these states). Messages are taken off the
 * real topics after the orchestrator ran a saga fed through Kafka, so they are the bytes its outbox
 * relay sends, compared by {@link MessagePactAssertions}.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
@Provider("saga-orchestrator")
@PactFolder("../contracts/pacts")
@PactFilter("a scored transaction.*")
class SagaProviderPactTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL root;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void target(PactVerificationContext context) {
        if (context.getInteraction().isAsynchronousMessage()) {
            context.setTarget(new MessageTestTarget());
        } else {
            context.setTarget(new HttpTestTarget(root.getHost(), root.getPort()));
        }
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void honoursThePact(PactVerificationContext context) throws Exception {
        if (context.getInteraction() instanceof V4Interaction.AsynchronousMessage message) {
            String wallet = "w-" + UUID.randomUUID();
            String topic = switch (message.getDescription()) {
                case "a history record command" -> historyRecordCommand(wallet);
                case "a final decision" -> finalDecision(wallet);
                default -> throw new AssertionError("saga-orchestrator produces no message '"
                        + message.getDescription() + "'");
            };
            MessagePactAssertions.assertHonoured(message, topic, next(topic, wallet));
        } else {
            context.verifyInteraction();
        }
    }

    @State("a scored transaction's saga confirms it in the history")
    void sagaStarted() {
        // each message interaction starts a fresh saga in honoursThePact
    }

    @State("a scored transaction has been decided")
    void sagaDecided() {
        // each message interaction runs a fresh saga to its decision in honoursThePact
    }

    private String historyRecordCommand(String wallet) throws Exception {
        startSaga(wallet, Decision.APPROVE);
        return Topics.HISTORY_COMMANDS;
    }

    private String finalDecision(String wallet) throws Exception {
        startSaga(wallet, Decision.DECLINE);
        HistoryCommand command = json.readValue(next(Topics.HISTORY_COMMANDS, wallet), HistoryCommand.class);
        send(Topics.HISTORY_REPLIES, wallet,
                new HistoryReply(command.commandId(), command.sagaId(), command.type(), true, null));
        return Topics.DECISIONS;
    }

    private void startSaga(String wallet, Decision decision) throws Exception {
        send(Topics.SCORED, wallet, Fixtures.scored("pact-tenant", "tx-" + UUID.randomUUID(), wallet, decision));
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
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pact-" + UUID.randomUUID());
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
