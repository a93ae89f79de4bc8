package io.vigil.saga.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.contracts.Topics;
import io.vigil.saga.config.SagaConfig;
import io.vigil.saga.repository.OutboxRepository;
import io.vigil.saga.repository.OutboxRepository.OutboxRow;
import io.vigil.saga.service.SagaMetrics;
import io.vigil.saga.service.SagaOrchestrator;
import io.vigil.saga.service.TransactionSaga;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once Kafka acknowledged them. Only the
 * replica holding a PostgreSQL advisory lock publishes. A batch deletes only the rows before its first failure,
 * so none is lost; those after it that went out go again next round, and a crash between publish and delete
 * re-publishes too (at-least-once, receivers deduplicate by {@code vigil-message-id}). Kafka's idempotent
 * producer keeps a key's records in order through its retries. A row it refuses outright would hold up the
 * outbox for good, so every row must fit a produce request: inbound ids are capped (InboundParser) and dead
 * letters cut to size (EffectApplier).
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String MESSAGE_ID_HEADER = "vigil-message-id";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Emitter<String> emitter;
    private final Pool pool;
    private final OutboxRepository outbox;
    private final SagaMetrics metrics;
    private final SagaConfig config;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public OutboxRelay(
            @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) Emitter<String> emitter,
            Pool pool,
            OutboxRepository outbox,
            SagaMetrics metrics,
            SagaConfig config,
            Clock clock) {
        this.emitter = emitter;
        this.pool = pool;
        this.outbox = outbox;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    void onOutboxWritten(@Observes SagaOrchestrator.OutboxWritten written) {
        kick();
    }

    @Scheduled(every = "${vigil.saga.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        kick();
    }

    /** Starts a drain unless one runs; a kick during a drain makes it go round once more. */
    public void kick() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        drain().subscribe().with(
                published -> finished(),
                failure -> {
                    LOG.warn("outbox relay failed; the next tick retries", failure);
                    finished();
                });
    }

    private void finished() {
        running.set(false);
        if (again.getAndSet(false)) {
            kick();
        }
    }

    private record Batch(int fetched, int sent) {}

    /** Publishes batches until the outbox is empty or a batch could not be fully published. */
    Uni<Integer> drain() {
        int size = config.outbox().batchSize();
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> outbox.tryRelayLock(tx)
                        .flatMap(locked -> !locked
                                ? Uni.createFrom().item(new Batch(0, 0))
                                : outbox.unsent(tx, size).flatMap(rows -> publish(rows)
                                        .flatMap(sent -> outbox.deleteSent(tx, sent)
                                                .replaceWith(new Batch(rows.size(), sent.size())))))))
                .flatMap(batch -> batch.fetched() == size && batch.sent() == size
                        ? drain().map(more -> more + batch.sent())
                        : Uni.createFrom().item(batch.sent()));
    }

    /** Sends every row, then returns the ids of the acknowledged prefix (a gap would break per-key order). */
    private Uni<List<Long>> publish(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            acks.add(send(row));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(acks.toArray(new CompletableFuture[0]))
                .exceptionally(e -> null);
        return Uni.createFrom().completionStage(all).map(ignored -> {
            List<Long> sent = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                if (acks.get(i).isCompletedExceptionally()) {
                    LOG.warnf("outbox row %d (%s) not published; retried next round", rows.get(i).id(),
                            rows.get(i).messageId());
                    break;
                }
                sent.add(rows.get(i).id());
                published(rows.get(i));
            }
            return sent;
        });
    }

    private CompletableFuture<Void> send(OutboxRow row) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add(MESSAGE_ID_HEADER, row.messageId().getBytes(StandardCharsets.UTF_8));
        row.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic())
                .withKey(row.key())
                .withHeaders(headers)
                .build();
        Message<String> message = Message.of(row.payload(), Metadata.of(metadata), () -> {
            ack.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            ack.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    private void published(OutboxRow row) {
        String scoredAt = row.headers().get(TransactionSaga.SCORED_AT_HEADER);
        if (Topics.DECISIONS.equals(row.topic()) && scoredAt != null) {
            String path = row.headers().containsKey(TransactionSaga.REVIEWED_HEADER) ? "review" : "automatic";
            metrics.scoredToPublished(Duration.between(Instant.parse(scoredAt), clock.instant()), path);
        }
    }
}
