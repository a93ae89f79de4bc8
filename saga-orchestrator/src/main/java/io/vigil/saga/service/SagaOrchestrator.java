package io.vigil.saga.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vigil.contracts.CancellationEvent;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.SagaView;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.saga.engine.Reply;
import io.vigil.saga.engine.SagaEngine;
import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.engine.Transition;
import io.vigil.saga.model.CaseStatus;
import io.vigil.saga.model.CaseVerdict;
import io.vigil.saga.model.SagaIds;
import io.vigil.saga.model.SagaInput;
import io.vigil.saga.model.TransactionSagaData;
import io.vigil.saga.repository.CaseRepository;
import io.vigil.saga.repository.ConcurrentUpdateException;
import io.vigil.saga.repository.ProcessedMessageRepository;
import io.vigil.saga.repository.SagaRepository;
import io.vigil.saga.repository.StoredSaga;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Drives transaction sagas. Consumed records come in batches (one Kafka poll); each batch is one
 * database transaction that claims the record ids (a redelivered record changes nothing), loads the
 * sagas concerned, feeds the engine record by record in partition order, then saves the sagas
 * (optimistic lock) and writes the effects, outbox rows included, with a few pipelined statements.
 */
@ApplicationScoped
public class SagaOrchestrator {

    private static final Logger LOG = Logger.getLogger(SagaOrchestrator.class);

    private final Pool pool;
    private final SagaRepository sagas;
    private final CaseRepository cases;
    private final ProcessedMessageRepository inbox;
    private final EffectApplier effects;
    private final SagaEngine<TransactionSagaData> engine;
    private final SagaMetrics metrics;
    private final Event<OutboxWritten> outboxWritten;
    private final Clock clock;

    /** Fired after a commit that wrote outbox rows, so the relay publishes them without waiting for its tick. */
    public record OutboxWritten() {}

    public SagaOrchestrator(
            Pool pool,
            SagaRepository sagas,
            CaseRepository cases,
            ProcessedMessageRepository inbox,
            EffectApplier effects,
            SagaEngine<TransactionSagaData> engine,
            SagaMetrics metrics,
            Event<OutboxWritten> outboxWritten,
            Clock clock) {
        this.pool = pool;
        this.sagas = sagas;
        this.cases = cases;
        this.inbox = inbox;
        this.effects = effects;
        this.engine = engine;
        this.metrics = metrics;
        this.outboxWritten = outboxWritten;
        this.clock = clock;
    }

    /** Applies consumed records, in order, in one transaction; records already processed are skipped. */
    public Uni<Void> consume(List<SagaInput> inputs) {
        if (inputs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> messageIds = inputs.stream().map(input -> input.message().messageId()).toList();
        Set<String> sagaIds = new HashSet<>();
        inputs.forEach(input -> {
            String sagaId = input.sagaId();
            if (sagaId != null) {
                sagaIds.add(sagaId);
            }
        });
        // claim and load are independent: issued together, the client pipelines them in one round trip
        return transact(tx -> Uni.combine().all().unis(inbox.claim(tx, messageIds), sagas.find(tx, sagaIds)).asTuple()
                        .flatMap(claimedAndFound -> {
                            Set<String> fresh = claimedAndFound.getItem1();
                            SagaWork work = new SagaWork(claimedAndFound.getItem2());
                            inputs.stream()
                                    .filter(input -> fresh.contains(input.message().messageId()))
                                    .forEach(input -> apply(work, input));
                            return flush(tx, work);
                        }))
                .replaceWithVoid();
    }

    private void apply(SagaWork work, SagaInput input) {
        switch (input) {
            case SagaInput.Scored s -> start(work, s);
            case SagaInput.Replied r -> reply(work, r);
            case SagaInput.Cancelled c -> cancelled(work, c);
            case SagaInput.Poison p -> work.deadLetter(p.message(), p.reason());
        }
    }

    /**
     * Starts the saga of a scored transaction, once. A saga with that id already existing means a duplicate,
     * unless a cancellation overtook the event: enrichment-service stored the transaction in the wallet history
     * when it scored it, so the saga must still void it there, or the cancelled payment would count in the
     * wallet's features.
     */
    private void start(SagaWork work, SagaInput.Scored input) {
        ScoredTransaction scored = input.scored();
        String sagaId = input.sagaId();
        Optional<StoredSaga> existing = work.saga(sagaId);
        if (existing.isPresent()) {
            Transition<TransactionSagaData> t =
                    engine.startCancelled(existing.get().saga(), TransactionSagaData.of(scored), now());
            if (!t.changed()) {
                LOG.debugf("saga %s already exists (%s): scored event %s starts nothing",
                        sagaId, existing.get().saga().state(), input.message().messageId());
            }
            work.transitioned(t);
            return;
        }
        work.started(engine.start(sagaId, TransactionSagaData.of(scored), now()), scored.transaction().tenant(),
                scored.transaction().walletId());
    }

    private void reply(SagaWork work, SagaInput.Replied input) {
        HistoryReply reply = input.reply();
        Optional<StoredSaga> existing = work.saga(reply.sagaId());
        if (existing.isEmpty()) {
            work.deadLetter(input.message(), "reply for unknown saga " + reply.sagaId());
            return;
        }
        Transition<TransactionSagaData> t = engine.onReply(
                existing.get().saga(), new Reply(reply.commandId(), reply.success(), reply.reason()), now());
        if (!t.changed()) {
            LOG.debugf("reply %s to %s does not apply to saga %s in %s", input.message().messageId(),
                    reply.commandId(), reply.sagaId(), t.saga().state());
        }
        work.transitioned(t);
    }

    /** A cancellation from upstream; one that overtakes its scored event leaves a cancelled saga behind. */
    private void cancelled(SagaWork work, SagaInput.Cancelled input) {
        CancellationEvent event = input.event();
        String reason = event.reason() == null || event.reason().isBlank() ? "payment cancelled" : event.reason();
        String sagaId = input.sagaId();
        Optional<StoredSaga> existing = work.saga(sagaId);
        if (existing.isEmpty()) {
            work.created(SagaInstance.cancelledBeforeStart(sagaId, TransactionSaga.TYPE, reason, now()),
                    event.tenant(), event.walletId());
        } else {
            work.transitioned(engine.onCancel(existing.get().saga(), reason, now()));
        }
    }

    /** {@code POST /v1/sagas/{id}/cancel}. */
    public Uni<SagaView> cancel(String tenant, String transactionId, String requestedBy) {
        String reason = requestedBy == null ? "cancelled via API" : "cancelled via API by " + requestedBy;
        String sagaId = SagaIds.of(tenant, transactionId);
        return transact(tx -> owned(tx, sagaId).flatMap(stored -> {
                    SagaWork work = SagaWork.of(stored);
                    work.transitioned(engine.onCancel(stored.saga(), reason, now()));
                    return flush(tx, work);
                }))
                .map(work -> SagaViews.of(work.saga(sagaId).orElseThrow().saga()));
    }

    /** {@code POST /v1/cases/{id}/resolve}: closes the case and resumes the parked saga, atomically. */
    public Uni<CaseView> resolve(String tenant, String caseId, CaseResolution resolution, String analyst) {
        return transact(tx -> cases.find(tx, tenant, caseId).flatMap(found -> {
                    CaseView view = found.orElseThrow(() -> new NotFoundException("case " + caseId));
                    if (!CaseStatus.OPEN.name().equals(view.status())) {
                        throw new ConflictException("case " + caseId + " is " + view.status() + ", not OPEN");
                    }
                    return owned(tx, SagaIds.of(tenant, caseId)).flatMap(stored -> {
                        CaseVerdict verdict = new CaseVerdict(resolution.verdict(), resolution.note(), analyst);
                        Transition<TransactionSagaData> t = engine.onEvent(stored.saga(), verdict, now());
                        if (!t.changed()) {
                            throw new ConflictException("saga " + caseId + " is not waiting for a verdict");
                        }
                        SagaWork work = SagaWork.of(stored);
                        work.transitioned(t);
                        return flush(tx, work);
                    });
                }))
                .flatMap(work -> cases.find(pool, tenant, caseId))
                .map(found -> found.orElseThrow(() -> new NotFoundException("case " + caseId)))
                // a retry after a lost answer (the gateway's timeout, say) gets the case it resolved, not a 409
                .onFailure(ConflictException.class).recoverWithUni(conflict -> cases.find(pool, tenant, caseId)
                        .map(found -> found.filter(view -> repeats(view, resolution, analyst))
                                .orElseThrow(() -> (ConflictException) conflict)));
    }

    private static boolean repeats(CaseView view, CaseResolution resolution, String analyst) {
        return CaseStatus.RESOLVED.name().equals(view.status()) && view.verdict() == resolution.verdict()
                && analyst.equals(view.resolvedBy()) && Objects.equals(view.note(), resolution.note());
    }

    /**
     * The recovery sweep: acts on every saga whose deadline passed (re-send, give up, time out), in one
     * transaction, as a consumed batch is: with a transaction each, a backlog of due sagas cost about twice
     * the CPU per saga (docs/benchmarks.md, thirty-fifth round). If the batch fails, each saga is woken
     * alone, so one that cannot be woken does not hold back the others.
     */
    public Uni<Integer> wakeDue(int batchSize) {
        return sagas.due(pool, now(), batchSize)
                .flatMap(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(0)
                        : wake(ids)
                                .onFailure().recoverWithUni(failure -> {
                                    LOG.debugf("waking %d sagas together failed, waking each alone: %s", ids.size(),
                                            failure);
                                    return wakeEach(ids);
                                })
                                .replaceWith(ids.size()));
    }

    private Uni<Void> wakeEach(List<String> sagaIds) {
        return Multi.createFrom().iterable(sagaIds)
                .onItem().transformToUniAndConcatenate(id -> wake(List.of(id))
                        .onFailure().invoke(e -> LOG.warnf(e, "saga %s: wake-up failed, next sweep retries", id))
                        .onFailure().recoverWithItem((Void) null))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> wake(List<String> sagaIds) {
        return transact(tx -> sagas.find(tx, sagaIds).flatMap(found -> {
                    SagaWork work = new SagaWork(found);
                    Instant now = now();
                    found.values().forEach(stored -> work.transitioned(engine.onWake(stored.saga(), now)));
                    return flush(tx, work);
                }))
                .replaceWithVoid();
    }

    /** The saga of a tenant's transaction; its id names the tenant, so another tenant's is never found. */
    private Uni<StoredSaga> owned(SqlConnection tx, String sagaId) {
        return sagas.find(tx, sagaId).map(found -> found
                .orElseThrow(() -> new NotFoundException("saga " + SagaIds.transactionId(sagaId))));
    }

    /** Writes everything at once, in order; the client pipelines the statements on the connection. */
    private Uni<SagaWork> flush(SqlConnection tx, SagaWork work) {
        return Uni.join().all(
                        sagas.insert(tx, work.created()),
                        sagas.update(tx, work.changed()),
                        effects.apply(tx, work.effects()))
                .andFailFast()
                .replaceWith(work);
    }

    /** One transaction, retried from scratch when another transition of one of its sagas won the race. */
    private Uni<SagaWork> transact(Function<SqlConnection, Uni<SagaWork>> work) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(work))
                .onFailure(ConcurrentUpdateException::isRetryable).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(200)).withJitter(0.5).atMost(10)
                .invoke(this::committed);
    }

    private void committed(SagaWork work) {
        work.deadLetteredFrom().forEach(metrics::deadLettered);
        work.changes().forEach(metrics::transition);
        if (work.wroteOutbox()) {
            outboxWritten.fire(new OutboxWritten());
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
