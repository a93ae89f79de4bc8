package io.vigil.enrichment.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.enrichment.config.EnrichmentConfig;
import io.vigil.enrichment.model.OutboxMessage;
import io.vigil.enrichment.repository.OutboxRepository;
import io.vigil.enrichment.service.EnrichmentMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, at least once: right after the commit that wrote them, and by a
 * periodic sweep for rows that were left behind (crash between commit and publish, broker down).
 * A row is deleted only once the broker acknowledged it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final KafkaPublisher publisher;
    private final OutboxRepository outbox;
    private final Pool pool;
    private final EnrichmentConfig config;
    private final EnrichmentMetrics metrics;
    private final SentRows sentRows;

    public OutboxRelay(KafkaPublisher publisher, OutboxRepository outbox, Pool pool, EnrichmentConfig config,
            EnrichmentMetrics metrics) {
        this.publisher = publisher;
        this.outbox = outbox;
        this.pool = pool;
        this.config = config;
        this.metrics = metrics;
        this.sentRows = SentRows.lingering(outbox::deleteSent, config.outbox().markLinger());
    }

    /** Fire and forget: a failure here only delays the row until the next sweep. */
    public void publishAfterCommit(OutboxMessage message) {
        publishAfterCommit(List.of(message));
    }

    /**
     * Sends the rows one commit wrote, in order, without waiting for each acknowledgement, then deletes the
     * acknowledged ones (coalesced with other commits' rows, see {@link SentRows}). Fire and forget:
     * a row that failed waits for the sweep.
     */
    public void publishAfterCommit(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<Uni<Long>> acks = new ArrayList<>(messages.size());
        for (OutboxMessage message : messages) {
            acks.add(send(message)
                    .replaceWith(message.id())
                    .onFailure().invoke(failure -> LOG.debugf("outbox row %d left to the sweep: %s", message.id(),
                            failure))
                    .onFailure().recoverWithNull());
        }
        Uni.join().all(acks).andFailFast()
                .map(ids -> ids.stream().filter(Objects::nonNull).toList())
                .subscribe()
                .with(sentRows::acknowledged,
                        failure -> LOG.debugf("sent outbox rows left to the sweep: %s", failure));
    }

    @Scheduled(every = "${vigil.enrichment.outbox.sweep-interval}", delayed = "${vigil.enrichment.outbox.sweep-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return pool.withTransaction(conn -> outbox.lockUnsent(conn, config.outbox().minAge(), config.outbox().batchSize())
                        .flatMap(messages -> messages.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : sendInOrder(messages).flatMap(sent -> outbox.deleteSent(conn, ids(messages)))))
                .flatMap(swept -> outbox.backlog())
                .invoke(backlog -> metrics.outboxBacklog(backlog.pending(), backlog.oldestAgeSeconds()))
                .replaceWithVoid()
                .onFailure()
                .invoke(failure -> LOG.warnf("outbox sweep failed, retried next period: %s", failure.toString()))
                .onFailure()
                .recoverWithNull();
    }

    private Uni<Void> sendInOrder(List<OutboxMessage> messages) {
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(this::send)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> send(OutboxMessage message) {
        return publisher.send(message.topic(), message.key(), message.payload(), message.traceparent());
    }

    private static List<Long> ids(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::id).toList();
    }
}
