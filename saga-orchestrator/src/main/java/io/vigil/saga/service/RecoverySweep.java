package io.vigil.saga.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.saga.config.SagaConfig;
import io.vigil.saga.repository.OutboxRepository;
import io.vigil.saga.repository.ProcessedMessageRepository;
import io.vigil.saga.repository.SagaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Resumes sagas after a crash or restart and keeps deadlines honest: every interval it feeds due sagas
 * (late replies, refused compensations, expired reviews) to the engine. Unsent outbox rows need nothing
 * here: the relay publishes whatever a previous process left behind.
 */
@ApplicationScoped
public class RecoverySweep {

    private static final Logger LOG = Logger.getLogger(RecoverySweep.class);

    private final SagaOrchestrator orchestrator;
    private final Pool pool;
    private final SagaRepository sagas;
    private final OutboxRepository outbox;
    private final ProcessedMessageRepository inbox;
    private final SagaMetrics metrics;
    private final SagaConfig config;
    private final Clock clock;

    public RecoverySweep(
            SagaOrchestrator orchestrator,
            Pool pool,
            SagaRepository sagas,
            OutboxRepository outbox,
            ProcessedMessageRepository inbox,
            SagaMetrics metrics,
            SagaConfig config,
            Clock clock) {
        this.orchestrator = orchestrator;
        this.pool = pool;
        this.sagas = sagas;
        this.outbox = outbox;
        this.inbox = inbox;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        sagas.countUnsettled(pool).subscribe().with(
                counts -> {
                    metrics.sagaCounts(counts);
                    long unsettled = counts.values().stream().mapToLong(Long::longValue).sum();
                    LOG.infof("%d unfinished saga(s) resume where they stood", unsettled);
                },
                e -> LOG.warn("could not count sagas at start-up", e));
    }

    /** One batch of due sagas per tick; a skipped tick while the previous one runs keeps them from overlapping. */
    @Scheduled(every = "${vigil.saga.sweep.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> sweep() {
        return orchestrator.wakeDue(config.sweep().batchSize()).replaceWithVoid();
    }

    @Scheduled(every = "${vigil.saga.sweep.gauge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshGauges() {
        return sagas.countUnsettled(pool).invoke(metrics::sagaCounts).replaceWithVoid();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purge() {
        return inbox.purgeOlderThan(pool, clock.instant().minus(config.inbound().processedRetention()))
                .flatMap(ids -> outbox.purgeSentBefore(pool, clock.instant().minus(config.outbox().retention()))
                        .invoke(rows -> LOG.debugf("purged %d processed ids, %d sent outbox rows", ids, rows)))
                .replaceWithVoid();
    }
}
