package io.vigil.systemtests;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.contracts.Topics;
import io.vigil.launcher.DevToken;
import io.vigil.launcher.Platform;
import io.vigil.launcher.PlatformConfig;
import io.vigil.launcher.Service;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One crash-recovery run: {@value #CLIENTS} API clients send {@link #TRANSACTIONS} transactions through the
 * gateway at about {@value #OFFERED_PER_SECOND} tx/s, retrying a 503, 429 or timeout with the
 * same Idempotency-Key until they get 200; once {@link #DISRUPT_AFTER} were accepted a disruption runs beside
 * them. Then the run resolves its REVIEW cases as an analyst, waits (bounded) until every transaction has a
 * decision on {@code vigil.decisions} and nothing of its sagas is left unpublished, and checks the effects in
 * the platform's databases. Each run has its own tenant and transaction id prefix, so runs on one platform
 * do not see each other's data.
 *
 * <p>Printed figures, never asserted (the machine is shared): client retries; decision records beyond one per
 * transaction (at-least-once publication may repeat a record after a crash; only repeated effects fail the run);
 * sagas/s; scored-to-published latency from the decision records (record timestamp minus the orchestrator's
 * {@code vigil-scored-at} header), for all automatic decisions and for those the disruption did not touch, split
 * into consumption, participant round trip and outbox relay from the sagas' step logs; and the orchestrator's
 * own histogram on /q/metrics (bucket upper bounds). {@code -Dvigil.recovery.transactions=N} runs a smaller load.
 */
final class RecoveryRun {

    static final int TRANSACTIONS = Integer.getInteger("vigil.recovery.transactions", 1000);
    static final int CLIENTS = 16;
    static final int OFFERED_PER_SECOND = 100;
    static final int DISRUPT_AFTER = TRANSACTIONS * 2 / 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SEND_PATIENCE = Duration.ofSeconds(180);
    private static final Duration SETTLE_PATIENCE = Duration.ofSeconds(120);
    private static final String SCORED_AT_HEADER = "vigil-scored-at";
    private static final String REVIEWED_HEADER = "vigil-reviewed";
    private static final String LATENCY_METRIC = "vigil_saga_scored_to_published_seconds_bucket";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final PlatformConfig config;
    private final String scenario;
    private final String tenant;
    private final String idPrefix;
    private final List<String> clientTokens = new ArrayList<>();
    private final String analystToken;
    private final String analyst;

    private final ConcurrentMap<String, String> answered = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> retries = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong lastAcceptedNanos = new AtomicLong();
    private final Map<String, List<DecisionRecord>> decisions = new HashMap<>();
    private int resolvedCases;

    RecoveryRun(Platform platform, String scenario) {
        this.config = platform.config();
        this.scenario = scenario;
        String run = UUID.randomUUID().toString().substring(0, 8);
        this.tenant = "recovery-" + scenario + "-" + run;
        this.idPrefix = "tx-" + scenario + "-" + run + "-";
        Path key = config.repo().resolve("config/dev/jwt-dev-private.pem");
        for (int c = 0; c < CLIENTS; c++) {
            // one subject per client: the gateway's rate limit is per client, as for real API clients
            clientTokens.add(DevToken.sign(key, "recovery-client-" + c, tenant, List.of("transactions:write"),
                    Duration.ofMinutes(30)));
        }
        this.analyst = "recovery-analyst";
        this.analystToken = DevToken.sign(key, analyst, tenant, List.of("analyst"), Duration.ofMinutes(30));
    }

    /** Sends the run's transactions with {@code disruption} in the middle, settles, checks; returns what it found. */
    Outcome execute(String disruptionName, Runnable disruption) throws Exception {
        Histogram metricsBefore = latencyHistogram();
        List<String> ids = new ArrayList<>(TRANSACTIONS);
        for (int i = 0; i < TRANSACTIONS; i++) {
            ids.add(idPrefix + i);
        }
        log("%d transactions, %d clients, offered %d tx/s, %s after %d accepted; tenant %s", TRANSACTIONS, CLIENTS,
                OFFERED_PER_SECOND, disruptionName, DISRUPT_AFTER, tenant);

        long t0 = System.nanoTime();
        Instant wallStart = Instant.now();
        AtomicReference<Thread> disrupting = new AtomicReference<>();
        AtomicLong disruptionStart = new AtomicLong();
        AtomicLong disruptionEnd = new AtomicLong();
        AtomicReference<Instant> disruptedFrom = new AtomicReference<>();
        AtomicReference<Instant> disruptedUntil = new AtomicReference<>();
        AtomicInteger next = new AtomicInteger();
        long period = TimeUnit.SECONDS.toNanos(1) / OFFERED_PER_SECOND;
        long sendDeadline = t0 + SEND_PATIENCE.toNanos();
        CountDownLatch clientsDone = new CountDownLatch(CLIENTS);
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                String token = clientTokens.get(c);
                clients.execute(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < TRANSACTIONS; i = next.getAndIncrement()) {
                            LockSupport.parkNanos(t0 + i * period - System.nanoTime());
                            if (submit(i, token, sendDeadline) && accepted.incrementAndGet() == DISRUPT_AFTER) {
                                disrupting.set(Thread.ofPlatform().name("disruption").start(() -> {
                                    disruptionStart.set(System.nanoTime());
                                    disruptedFrom.set(Instant.now());
                                    try {
                                        disruption.run();
                                    } catch (RuntimeException e) {
                                        failures.add(disruptionName + " failed: " + e.getMessage());
                                    }
                                    disruptionEnd.set(System.nanoTime());
                                    disruptedUntil.set(Instant.now());
                                }));
                            }
                        }
                    } finally {
                        clientsDone.countDown();
                    }
                });
            }
            if (!clientsDone.await(SEND_PATIENCE.toSeconds() + 30, TimeUnit.SECONDS)) {
                failures.add("clients still sending after " + SEND_PATIENCE.toSeconds() + " s");
                clients.shutdownNow();
            }
        }
        long sent = System.nanoTime();
        Thread d = disrupting.get();
        if (d == null) {
            failures.add("the disruption never ran: only " + accepted.get() + " transaction(s) accepted");
        } else {
            d.join(Duration.ofMinutes(5));
        }
        log("sent: %d accepted in %.1f s (%.0f tx/s achieved); retries %s", accepted.get(),
                (lastAcceptedNanos.get() - t0) / 1e9, accepted.get() / ((lastAcceptedNanos.get() - t0) / 1e9),
                retries.isEmpty() ? "none" : new TreeMap<>(retries));
        if (d != null) {
            log("%s at %.1f s, platform whole again at %.1f s (%.1f s)", disruptionName,
                    (disruptionStart.get() - t0) / 1e9, (disruptionEnd.get() - t0) / 1e9,
                    (disruptionEnd.get() - disruptionStart.get()) / 1e9);
        }

        settle(ids);
        log("settled %.1f s after the last send; %d REVIEW case(s) resolved", (System.nanoTime() - sent) / 1e9,
                resolvedCases);
        Effects effects = effects();
        Histogram metricsAfter = latencyHistogram();
        figures(wallStart, disruptedFrom.get(), disruptedUntil.get(), metricsBefore, metricsAfter);
        return check(ids, effects);
    }

    /**
     * Posts transaction {@code i} until the gateway answers 200, with the same key and body on every attempt; false
     * (and a recorded failure) for an answer no retry can change or when the deadline passed.
     */
    private boolean submit(int i, String token, long deadline) {
        String transactionId = idPrefix + i;
        String body = body(i);
        String idempotencyKey = "idem-" + transactionId;
        for (int attempt = 1; ; attempt++) {
            String retryReason;
            long backoffMillis = Math.min(2000, 100L * attempt);
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(gateway("/v1/transactions"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", idempotencyKey)
                                .timeout(REQUEST_TIMEOUT)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                if (status == 200) {
                    answered.put(transactionId, JSON.readTree(r.body()).path("decision").asText());
                    lastAcceptedNanos.accumulateAndGet(System.nanoTime(), Math::max);
                    return true;
                }
                if (status != 429 && status != 502 && status != 503 && status != 504) {
                    failures.add(transactionId + ": HTTP " + status + " " + r.body());
                    return false;
                }
                retryReason = "HTTP " + status;
                backoffMillis = r.headers().firstValueAsLong("Retry-After").stream()
                        .map(seconds -> Math.min(2000, seconds * 1000))
                        .findFirst()
                        .orElse(backoffMillis);
            } catch (HttpTimeoutException e) {
                retryReason = "timeout";
            } catch (IOException e) {
                retryReason = "I/O " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(transactionId + ": interrupted");
                return false;
            }
            retries.computeIfAbsent(retryReason, k -> new AtomicInteger()).incrementAndGet();
            if (System.nanoTime() > deadline) {
                failures.add(transactionId + ": no 200 after " + attempt + " attempt(s), last " + retryReason);
                return false;
            }
            sleep(backoffMillis);
        }
    }

    /**
     * About a quarter of the transactions go to 25 busy wallets (their features see history), the rest each to
     * a wallet of its own. Deterministic per index, so a retry sends the same body.
     */
    private String body(int i) {
        Random random = new Random(i);
        String wallet = i % 4 == 0 ? idPrefix + "busy-" + (i / 4) % 25 : idPrefix + "w-" + i;
        String[] mccs = {"5411", "5812", "5999", "4111", "5732"};
        return """
                {"transactionId":"%s","walletId":"%s","amount":"%d.%02d","currency":"EUR","merchantId":"m-%d",
                 "merchantCategory":"%s","channel":"%s","country":"%s","deviceId":"d-%s","ipAddress":"192.0.2.%d",
                 "occurredAt":"%s"}"""
                .formatted(idPrefix + i, wallet, 5 + random.nextInt(300), random.nextInt(100), random.nextInt(20),
                        mccs[random.nextInt(mccs.length)], random.nextBoolean() ? "ECOM" : "CARD_PRESENT",
                        random.nextInt(10) == 0 ? "DE" : "FR", wallet, 1 + random.nextInt(250),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Resolves open cases LEGIT and reads vigil.decisions until every transaction has a decision and none of the
     * run's decisions is left in the outbox; then reads the topic once more to its end, so that late duplicates
     * are counted too.
     */
    private void settle(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + SETTLE_PATIENCE.toNanos();
        try (KafkaConsumer<String, String> consumer = decisionsConsumer()) {
            while (true) {
                resolveOpenCases();
                readToEnd(consumer);
                boolean allDecided = ids.stream().allMatch(decisions::containsKey);
                if (allDecided && unpublishedDecisionRows() == 0) {
                    readToEnd(consumer);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    return;
                }
                sleep(1000);
            }
        }
    }

    private KafkaConsumer<String, String> decisionsConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        // assigned, not subscribed: every partition from its beginning, with no group to coordinate
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DECISIONS, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Reads what the topic holds now, up to its current end offsets (bounded). */
    private void readToEnd(KafkaConsumer<String, String> consumer) throws IOException {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                JsonNode event = JSON.readTree(r.value());
                if (tenant.equals(event.path("tenant").asText())) {
                    decisions.computeIfAbsent(event.path("transactionId").asText(), k -> new ArrayList<>())
                            .add(new DecisionRecord(event.path("decision").asText(), event.path("resolvedBy").asText(null),
                                    header(r, SCORED_AT_HEADER), header(r, REVIEWED_HEADER) != null,
                                    Instant.ofEpochMilli(r.timestamp())));
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Resolves the tenant's open cases (an unavailable orchestrator is only retried at the next round). */
    private void resolveOpenCases() throws InterruptedException {
        try {
            HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(gateway("/v1/cases?status=OPEN"))
                            .header("Authorization", "Bearer " + analystToken)
                            .timeout(REQUEST_TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (list.statusCode() != 200) {
                return;
            }
            for (JsonNode c : JSON.readTree(list.body())) {
                HttpResponse<String> resolved = HTTP.send(HttpRequest.newBuilder(
                                        gateway("/v1/cases/" + c.path("caseId").asText() + "/resolve"))
                                .header("Authorization", "Bearer " + analystToken)
                                .header("Content-Type", "application/json")
                                .timeout(REQUEST_TIMEOUT)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"LEGIT\",\"note\":\"system test\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (resolved.statusCode() == 200) {
                    resolvedCases++;
                }
            }
        } catch (IOException e) {
            // the gateway or the orchestrator is not answering right now: the next round tries again
        }
    }

    /** A saga id is its tenant, a slash and its transaction id; the run's figures are by transaction id. */
    private static final String SAGA_TRANSACTION_ID = "SELECT substr(saga_id, strpos(saga_id, '/') + 1)";

    /** What the run left in the databases. */
    private record Effects(
            Map<String, Long> sagaStates,
            long auditRows,
            long auditRowsNotRetracted,
            long outboxRowsLeft,
            long historyRecordSends,
            Map<String, Long> caseStates,
            Map<String, Long> historyStates,
            long historyRecordsApplied,
            Map<String, String> sagaStateById) {}

    private Effects effects() throws SQLException {
        try (Connection saga = connect("saga"); Connection enrichment = connect("enrichment")) {
            long[] audit = longs(saga, "SELECT count(*), count(*) FILTER (WHERE retracted_at IS NULL)"
                    + " FROM decision_audit WHERE tenant = ?", tenant);
            long[] outboxLeft = longs(saga, "SELECT count(*) FROM outbox_message WHERE message_id LIKE ?",
                    tenant + "/" + idPrefix + "%");
            // the relay deletes what Kafka acknowledged: the sends of a command are counted in the saga's step log
            long[] recordSends = longs(saga, "SELECT coalesce(sum((step->>'attempts')::int), 0)"
                    + " FROM saga_instance, json_array_elements(steps) AS step"
                    + " WHERE tenant = ? AND step->>'name' = 'history.record'", tenant);
            long[] applied = longs(enrichment, "SELECT count(*) FROM processed_message WHERE tenant = ?"
                    + " AND message_id LIKE '%:history.record'", tenant);
            Map<String, String> byId = new HashMap<>();
            try (PreparedStatement s =
                    saga.prepareStatement(SAGA_TRANSACTION_ID + ", state FROM saga_instance WHERE tenant = ?")) {
                s.setString(1, tenant);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byId.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return new Effects(
                    groupCount(saga, "SELECT state, count(*) FROM saga_instance WHERE tenant = ? GROUP BY state"),
                    audit[0], audit[1], outboxLeft[0], recordSends[0],
                    groupCount(saga, "SELECT status, count(*) FROM analyst_case WHERE tenant = ? GROUP BY status"),
                    groupCount(enrichment, "SELECT status, count(*) FROM wallet_transaction WHERE tenant = ? GROUP BY status"),
                    applied[0],
                    byId);
        }
    }

    /** The run's decisions still in the outbox: the relay deletes each one Kafka acknowledged. */
    private long unpublishedDecisionRows() throws SQLException {
        try (Connection saga = connect("saga")) {
            return longs(saga, "SELECT count(*) FROM outbox_message WHERE topic = '" + Topics.DECISIONS
                    + "' AND message_id LIKE ?", idPrefix + "%")[0];
        }
    }

    private Outcome check(List<String> ids, Effects e) {
        List<String> problems = new ArrayList<>(failures);
        List<String> missing = ids.stream().filter(id -> !decisions.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " transaction(s) without a decision on " + Topics.DECISIONS + ", e.g. "
                    + missing.stream().limit(10).map(id -> id + " (saga " + e.sagaStateById().getOrDefault(id, "absent") + ")")
                            .collect(Collectors.joining(", ")));
        }
        List<String> unanswered = ids.stream().filter(id -> !answered.containsKey(id)).toList();
        if (!unanswered.isEmpty()) {
            problems.add(unanswered.size() + " transaction(s) never got a 200, e.g. " + unanswered.stream().limit(10).toList());
        }
        List<String> wrong = new ArrayList<>();
        decisions.forEach((id, records) -> {
            String scored = answered.get(id);
            boolean review = "REVIEW".equals(scored);
            String expected = review ? "APPROVE" : scored;
            if (records.stream().anyMatch(r -> !r.decision().equals(expected)
                    || review != r.reviewed()
                    || (review && !analyst.equals(r.resolvedBy())))) {
                wrong.add(id + " answered " + scored + ", published " + records.stream().map(DecisionRecord::decision).toList());
            }
        });
        if (!wrong.isEmpty()) {
            problems.add(wrong.size() + " published decision(s) differ from the answered one (a REVIEW resolved LEGIT"
                    + " by " + analyst + " publishes APPROVE), e.g. " + wrong.stream().limit(5).toList());
        }
        expect(problems, "sagas COMPLETED", TRANSACTIONS, e.sagaStates().getOrDefault("COMPLETED", 0L), e.sagaStates());
        expect(problems, "sagas of the run", TRANSACTIONS, e.sagaStates().values().stream().mapToLong(Long::longValue).sum(),
                e.sagaStates());
        expect(problems, "decision_audit rows", TRANSACTIONS, e.auditRows(), null);
        expect(problems, "decision_audit rows not retracted", TRANSACTIONS, e.auditRowsNotRetracted(), null);
        expect(problems, "outbox rows left unpublished", 0, e.outboxRowsLeft(), null);
        expect(problems, "wallet history rows RECORDED", TRANSACTIONS, e.historyStates().getOrDefault("RECORDED", 0L),
                e.historyStates());
        expect(problems, "wallet history rows", TRANSACTIONS,
                e.historyStates().values().stream().mapToLong(Long::longValue).sum(), e.historyStates());
        expect(problems, "history.record commands applied", TRANSACTIONS, e.historyRecordsApplied(), null);
        expect(problems, "open cases", 0, e.caseStates().getOrDefault("OPEN", 0L), e.caseStates());
        long duplicates = decisions.values().stream().mapToLong(r -> r.size() - 1L).sum();
        log("decisions: %d distinct, %d duplicate record(s) (at-least-once publication); saga states %s; cases %s;"
                        + " history %s; history.record commands sent %d (re-sends %d)",
                decisions.size(), duplicates, e.sagaStates(), e.caseStates(), e.historyStates(), e.historyRecordSends(),
                e.historyRecordSends() - TRANSACTIONS);
        return new Outcome(scenario, problems);
    }

    private static void expect(List<String> problems, String what, long expected, long actual, Object detail) {
        if (expected != actual) {
            problems.add(what + ": expected " + expected + ", found " + actual + (detail == null ? "" : " " + detail));
        }
    }

    /**
     * Sagas/s and scored-to-published latency, from the decision records and from the orchestrator's histogram;
     * the latency also for the sagas the disruption did not touch (scored and published before it, or scored
     * after the platform was whole again), and split into where the time went.
     */
    private void figures(Instant wallStart, Instant disruptedFrom, Instant disruptedUntil, Histogram before,
            Histogram after) throws SQLException {
        Map<String, DecisionRecord> automatic = new HashMap<>();
        decisions.forEach((id, records) -> {
            if (!records.getFirst().reviewed() && records.getFirst().scoredAt() != null) {
                automatic.put(id, records.getFirst());
            }
        });
        if (automatic.isEmpty()) {
            log("no automatic decision published");
            return;
        }
        Instant lastAutomatic = automatic.values().stream().map(DecisionRecord::publishedAt).max(Instant::compareTo)
                .orElseThrow();
        double seconds = Duration.between(wallStart, lastAutomatic).toMillis() / 1000.0;
        log("sagas/s: %.1f (%d automatic decisions published within %.1f s of the first request; %d REVIEW decisions"
                        + " published once the test resolved their cases)", automatic.size() / seconds, automatic.size(),
                seconds, decisions.size() - automatic.size());
        Map<String, Map<String, Instant[]>> steps = steps();
        breakdown("scored-to-published, automatic path, from records:", automatic, steps);
        if (disruptedFrom != null && disruptedUntil != null) {
            Map<String, DecisionRecord> untouched = new HashMap<>();
            automatic.forEach((id, r) -> {
                if (r.publishedAt().isBefore(disruptedFrom) || Instant.parse(r.scoredAt()).isAfter(disruptedUntil)) {
                    untouched.put(id, r);
                }
            });
            breakdown("  the same for the sagas the disruption did not touch:", untouched, steps);
        }
        Map<String, Double> delta = new HashMap<>(after.buckets());
        boolean restarted = after.processStart() != before.processStart();
        if (!restarted) {
            before.buckets().forEach((le, count) -> delta.computeIfPresent(le, (k, v) -> v - count));
        }
        double total = delta.getOrDefault("+Inf", 0.0);
        if (total > 0) {
            log("scored-to-published, automatic path, saga-orchestrator /q/metrics%s: p50 <= %.2f s, p99 <= %.2f s (n=%.0f)",
                    restarted ? " (the restarted process only)" : "", bucket(delta, total * 0.50), bucket(delta, total * 0.99),
                    total);
        }
    }

    /** Scored-to-published latency of {@code sagas}, then where the time went: consumption, participant, relay. */
    private void breakdown(String title, Map<String, DecisionRecord> sagas, Map<String, Map<String, Instant[]>> steps) {
        Map<String, Instant[]> record = new HashMap<>();
        Map<String, Instant[]> publish = new HashMap<>();
        sagas.keySet().forEach(id -> {
            Map<String, Instant[]> of = steps.getOrDefault(id, Map.of());
            if (of.containsKey("history.record") && of.containsKey("decision.publish")) {
                record.put(id, of.get("history.record"));
                publish.put(id, of.get("decision.publish"));
            }
        });
        log("%s %s", title, summary(sagas.values().stream()
                .map(r -> Duration.between(Instant.parse(r.scoredAt()), r.publishedAt()))));
        log("    scored -> saga started: %s", summary(record.entrySet().stream()
                .map(e -> Duration.between(Instant.parse(sagas.get(e.getKey()).scoredAt()), e.getValue()[0]))));
        log("    history.record command -> reply applied: %s", summary(record.values().stream()
                .map(times -> Duration.between(times[0], times[1]))));
        log("    decision outbox row written -> published: %s", summary(publish.entrySet().stream()
                .map(e -> Duration.between(e.getValue()[1], sagas.get(e.getKey()).publishedAt()))));
    }

    /** Start and finish of each forward step of the run's sagas, by saga id and step name. */
    private Map<String, Map<String, Instant[]>> steps() throws SQLException {
        Map<String, Map<String, Instant[]>> steps = new HashMap<>();
        try (Connection saga = connect("saga");
                PreparedStatement s = saga.prepareStatement(SAGA_TRANSACTION_ID + ", st->>'name', st->>'startedAt',"
                        + " st->>'finishedAt' FROM saga_instance i, json_array_elements(i.steps) st"
                        + " WHERE i.tenant = ? AND st->>'phase' = 'FORWARD' AND st->>'finishedAt' IS NOT NULL")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    steps.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), new Instant[] {instant(rs.getString(3)), instant(rs.getString(4))});
                }
            }
        }
        return steps;
    }

    /** An instant as Jackson writes it: ISO-8601, or decimal epoch seconds. */
    private static Instant instant(String value) {
        if (value.matches("-?\\d+(\\.\\d+)?")) {
            BigDecimal seconds = new BigDecimal(value);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        return Instant.parse(value);
    }

    private static String summary(Stream<Duration> durations) {
        long[] millis = durations.mapToLong(Duration::toMillis).sorted().toArray();
        return millis.length == 0 ? "none" : String.format(Locale.ROOT, "p50 %d ms, p99 %d ms, max %d ms (n=%d)",
                percentile(millis, 0.50), percentile(millis, 0.99), millis[millis.length - 1], millis.length);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** The upper bound of the first histogram bucket holding at least {@code rank} observations. */
    private static double bucket(Map<String, Double> cumulative, double rank) {
        return cumulative.entrySet().stream()
                .filter(e -> e.getValue() >= rank)
                .mapToDouble(e -> e.getKey().equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(e.getKey()))
                .min()
                .orElse(Double.POSITIVE_INFINITY);
    }

    /** The orchestrator's automatic-path latency histogram: cumulative counts by upper bound, and whose they are. */
    private record Histogram(double processStart, Map<String, Double> buckets) {}

    private Histogram latencyHistogram() throws InterruptedException {
        Map<String, Double> buckets = new HashMap<>();
        double processStart = 0;
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + Service.SAGA.port(config) + "/q/metrics"))
                            .timeout(REQUEST_TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().lines().toList()) {
                if (line.startsWith(LATENCY_METRIC + "{") && line.contains("path=\"automatic\"")) {
                    buckets.put(line.replaceFirst(".*le=\"([^\"]+)\".*", "$1"), value(line));
                } else if (line.startsWith("process_start_time_seconds")) {
                    processStart = value(line);
                }
            }
        } catch (IOException e) {
            log("saga-orchestrator /q/metrics unavailable: %s", e);
        }
        return new Histogram(processStart, buckets);
    }

    /** The value of a sample line of the Prometheus text format. */
    private static double value(String sample) {
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }

    private Connection connect(String service) throws SQLException {
        PlatformConfig.PostgresTarget pg = config.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(config.database(service)), pg.user(), pg.password());
    }

    private static long[] longs(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long[] values = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getLong(i + 1);
                }
                return values;
            }
        }
    }

    private Map<String, Long> groupCount(Connection c, String sql) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + config.gatewayPort() + path);
    }

    private void log(String format, Object... args) {
        System.out.println("[recovery " + scenario + "] " + String.format(Locale.ROOT, format, args));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One record on vigil.decisions of this run. */
    private record DecisionRecord(String decision, String resolvedBy, String scoredAt, boolean reviewed,
            Instant publishedAt) {}

    /** What a run found; every problem is listed, not only the first. */
    record Outcome(String scenario, List<String> problems) {

        void assertEverySagaFinishedExactlyOnce() {
            if (!problems.isEmpty()) {
                fail(scenario + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
            }
        }
    }
}
