package io.vigil.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigil.contracts.Channel;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Transaction;
import io.vigil.launcher.Platform;
import io.vigil.launcher.PlatformConfig;
import io.vigil.launcher.Service;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged services, a real Kafka broker and PostgreSQL as separate processes. */
class PlatformIT {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant OCCURRED_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static Platform platform;
    static PlatformConfig config;

    @BeforeAll
    static void start() {
        platform = RunningPlatform.get();
        config = platform.config();
    }

    @Test
    void everyPartBecomesReady() {
        Map<String, String> status = platform.status();
        status.forEach((name, line) -> assertTrue(line.startsWith("UP"), name + ": " + line));
        assertEquals(2 + Service.START_ORDER.size(), status.size());
    }

    @Test
    void transactionPushedOnKafkaComesOutScored() throws Exception {
        String walletId = "w-" + UUID.randomUUID();
        Transaction tx = new Transaction("acme", "tx-" + UUID.randomUUID(), walletId, new BigDecimal("42.00"), "EUR",
                "m-1", "5411", Channel.CARD_PRESENT, "FR", "d-1", "192.0.2.1", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (KafkaConsumer<String, String> consumer = consumer();
                KafkaProducer<String, String> producer = producer()) {
            consumer.subscribe(List.of(Topics.SCORED));
            consumer.poll(Duration.ofMillis(500));
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, walletId, JSON.writeValueAsString(tx))).get();
            ScoredTransaction scored = awaitScored(consumer, tx.transactionId(), Duration.ofSeconds(60));
            assertEquals(walletId, scored.transaction().walletId());
            assertNotNull(scored.decision());
            assertNotNull(scored.modelVersion());
            assertNotNull(scored.features());
        }
    }

    @Test
    void tokenFromTheLauncherGetsADecisionThroughTheGateway() throws Exception {
        HttpResponse<String> r = submit(writerToken(), UUID.randomUUID().toString(), body("tx-" + UUID.randomUUID(),
                "19.99"));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode decision = JSON.readTree(r.body());
        assertTrue(List.of("APPROVE", "REVIEW", "DECLINE").contains(decision.get("decision").asText()), r.body());
        assertTrue(decision.get("score").asDouble() >= 0 && decision.get("score").asDouble() <= 1, r.body());
        assertNotNull(decision.get("modelVersion").asText());
        assertTrue(r.headers().firstValue("Idempotent-Replayed").isEmpty(), "a fresh decision is no replay");
    }

    /** The gateway keeps no state: enrichment-service binds the key to the decision it stored. */
    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheStoredAnswerAndAnotherBodyIs409() throws Exception {
        String token = writerToken();
        String key = UUID.randomUUID().toString();
        String transactionId = "tx-" + UUID.randomUUID();
        HttpResponse<String> first = submit(token, key, body(transactionId, "19.99"));
        assertEquals(200, first.statusCode(), first.body());

        HttpResponse<String> retry = submit(token, key, body(transactionId, "19.99").replace("\",\"", "\", \""));
        HttpResponse<String> other = submit(token, key, body(transactionId, "20.00"));

        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(JSON.readTree(first.body()), JSON.readTree(retry.body()));
        assertEquals(409, other.statusCode(), other.body());
        assertTrue(other.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    private static String writerToken() throws Exception {
        return run(config.repo().resolve("bin/vigil").toString(), "token", "--sub", "system-test",
                "--tenant", "acme", "--role", "transactions:write").trim();
    }

    private static String body(String transactionId, String amount) {
        return """
                {"transactionId":"%s","walletId":"w-st","amount":"%s","currency":"EUR","merchantId":"m-2",
                 "merchantCategory":"5812","channel":"ECOM","country":"FR","deviceId":"d-st","ipAddress":"192.0.2.7",
                 "occurredAt":"%s"}"""
                .formatted(transactionId, amount, OCCURRED_AT);
    }

    private static HttpResponse<String> submit(String token, String idempotencyKey, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + config.gatewayPort() + "/v1/transactions"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ScoredTransaction awaitScored(KafkaConsumer<String, String> consumer, String transactionId,
            Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                ScoredTransaction s = JSON.readValue(rec.value(), ScoredTransaction.class);
                if (s.transaction().transactionId().equals(transactionId)) {
                    assertEquals(s.transaction().walletId(), rec.key(), "scored events are keyed by wallet");
                    return s;
                }
            }
        }
        return fail("no scored event for " + transactionId + " within " + timeout);
    }

    static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out;
    }
}
