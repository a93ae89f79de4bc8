package io.vigil.enrichment.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.enrichment.config.EnrichmentConfig;
import io.vigil.enrichment.repository.OutboxRepository;
import io.vigil.enrichment.repository.ProcessedMessageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Deletes the delivery bookkeeping once it has served: outbox rows marked sent longer ago than
 * {@code vigil.enrichment.outbox.retention} (the relay deletes what it publishes; earlier versions marked
 * it, and a stable pod of one still does during a canary), and saga commands applied longer ago than
 * {@code vigil.enrichment.inbound.processed-retention}. Unsent rows stay, however old.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final Pool pool;
    private final OutboxRepository outbox;
    private final ProcessedMessageRepository processed;
    private final EnrichmentConfig config;

    public RetentionPurge(Pool pool, OutboxRepository outbox, ProcessedMessageRepository processed,
            EnrichmentConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.processed = processed;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        int chunk = config.purge().chunkSize();
        Duration commandRetention = config.inbound().processedRetention();
        Duration outboxRetention = config.outbox().retention();
        return inChunks(() -> processed.purgeOlderThan(pool, commandRetention, chunk), chunk)
                .flatMap(commands -> inChunks(() -> outbox.purgeSent(pool, outboxRetention, chunk), chunk)
                        .invoke(rows -> LOG.debugf("purged %d processed commands, %d sent outbox rows",
                                commands, rows)))
                .replaceWithVoid();
    }

    /**
     * Repeats a bounded DELETE until one comes back short; the total deleted. The first purge after an
     * upgrade meets everything ever sent: as one DELETE it would be one long transaction, writing its WAL
     * in one burst and holding back vacuum on every table until it commits.
     */
    private static Uni<Long> inChunks(Supplier<Uni<? extends Integer>> delete, int chunk) {
        return Uni.createFrom().deferred(delete)
                .repeat().whilst(deleted -> deleted == chunk)
                .collect().with(Collectors.summingLong(Integer::longValue));
    }
}
