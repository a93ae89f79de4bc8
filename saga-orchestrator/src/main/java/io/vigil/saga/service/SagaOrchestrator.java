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
import io.vigil.contracts.Topics;
import io.vigil.saga.engine.Reply;
import io.vigil.saga.engine.SagaEngine;
import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.engine.Transition;
import io.vigil.saga.model.CaseStatus;
import io.vigil.saga.model.CaseVerdict;
import io.vigil.saga.model.InboundMessage;
import io.vigil.saga.model.TransactionSagaData;
import io.vigil.saga.repository.CaseRepository;
import io.vigil.saga.repository.ConcurrentUpdateException;
import io.vigil.saga.repository.OutboxRepository;
import io.vigil.saga.repository.ProcessedMessageRepository;
import io.vigil.saga.repository.SagaRepository;
import io.vigil.saga.repository.StoredSaga;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Drives transaction sagas: each input is one database transaction that loads the saga, feeds the
 * engine, saves the new state (optimistic lock) and writes the effects, outbox rows included. Consumed
 * messages are claimed in the same transaction, so a redelivered one changes nothing.
 */
@ApplicationScoped
public class SagaOrchestrator {

    private static final Logger LOG = Logger.getLogger(SagaOrchestrator.class);
    /** Source of a dead letter: the original record, to find it again. */
    public static final String DLQ_SOURCE_HEADER = "vigil-dlq-source";
    private static final int REASON_MAX = 500;

    private final Pool pool;
    private final SagaRepository sagas;
    private final CaseRepository cases;
    private final ProcessedMessageRepository inbox;
    private final OutboxRepository outbox;
    private final EffectApplier effects;
    private final SagaEngine<TransactionSagaData> engine;
    private final SagaMetrics metrics;
    private final Event<OutboxWritten> outboxWritten;
    private final Clock clock;

    /** Fired after a commit that wrote outbox rows, so the relay publishes them without waiting for its tick. */
    public record OutboxWritten() {}

    private record Outcome(Transition<TransactionSagaData> transition, String deadLetteredFrom) {
        static Outcome none() {
            return new Outcome(null, null);
        }
    }

    public SagaOrchestrator(
            Pool pool,
            SagaRepository sagas,
            CaseRepository cases,
            ProcessedMessageRepository inbox,
            OutboxRepository outbox,
            EffectApplier effects,
            SagaEngine<TransactionSagaData> engine,
            SagaMetrics metrics,
            Event<OutboxWritten> outboxWritten,
            Clock clock) {
        this.pool = pool;
        this.sagas = sagas;
        this.cases = cases;
        this.inbox = inbox;
        this.outbox = outbox;
        this.effects = effects;
        this.engine = engine;
        this.metrics = metrics;
        this.outboxWritten = outboxWritten;
        this.clock = clock;
    }

    /** Starts the saga of a scored transaction, once: a saga with that id already existing means a duplicate. */
    public Uni<Void> start(InboundMessage in, ScoredTransaction scored) {
        String sagaId = scored.transaction().transactionId();
        String tenant = scored.transaction().tenant();
        return consume(in, tx -> sagas.find(tx, sagaId).flatMap(existing -> {
            if (existing.isPresent()) {
                if (!existing.get().tenant().equals(tenant)) {
                    return deadLetter(tx, in, "transaction id " + sagaId + " already belongs to another tenant");
                }
                LOG.debugf("saga %s already exists (%s): scored event %s starts nothing",
                        sagaId, existing.get().saga().state(), in.messageId());
                return Uni.createFrom().item(Outcome.none());
            }
            Transition<TransactionSagaData> t = engine.start(sagaId, TransactionSagaData.of(scored), now());
            return saveNew(tx, t, tenant, scored.transaction().walletId());
        }));
    }

    public Uni<Void> reply(InboundMessage in, HistoryReply reply) {
        return consume(in, tx -> sagas.find(tx, reply.sagaId()).flatMap(existing -> {
            if (existing.isEmpty()) {
                return deadLetter(tx, in, "reply for unknown saga " + reply.sagaId());
            }
            Transition<TransactionSagaData> t = engine.onReply(
                    existing.get().saga(), new Reply(reply.commandId(), reply.success(), reply.reason()), now());
            if (!t.changed()) {
                LOG.debugf("reply %s to %s does not apply to saga %s in %s", in.messageId(), reply.commandId(),
                        reply.sagaId(), t.saga().state());
            }
            return save(tx, t);
        }));
    }

    /** A cancellation from upstream; one that overtakes its scored event leaves a cancelled saga behind. */
    public Uni<Void> cancelled(InboundMessage in, CancellationEvent event) {
        String reason = event.reason() == null || event.reason().isBlank() ? "payment cancelled" : event.reason();
        return consume(in, tx -> sagas.find(tx, event.transactionId()).flatMap(existing -> {
            if (existing.isEmpty()) {
                SagaInstance<TransactionSagaData> tombstone = SagaInstance.cancelledBeforeStart(
                        event.transactionId(), TransactionSaga.TYPE, reason, now());
                return sagas.insert(tx, tombstone, event.tenant(), event.walletId()).replaceWith(Outcome.none());
            }
            if (!existing.get().tenant().equals(event.tenant())) {
                return deadLetter(tx, in, "cancellation from another tenant for saga " + event.transactionId());
            }
            return save(tx, engine.onCancel(existing.get().saga(), reason, now()));
        }));
    }

    /** Puts a record that cannot be processed on the dead-letter topic, with the reason, and moves on. */
    public Uni<Void> deadLetter(InboundMessage in, String reason) {
        return consume(in, tx -> deadLetter(tx, in, reason));
    }

    /** {@code POST /v1/sagas/{id}/cancel}. */
    public Uni<SagaView> cancel(String tenant, String sagaId, String requestedBy) {
        String reason = requestedBy == null ? "cancelled via API" : "cancelled via API by " + requestedBy;
        return transact(tx -> owned(tx, tenant, sagaId)
                        .flatMap(stored -> save(tx, engine.onCancel(stored.saga(), reason, now()))))
                .map(outcome -> SagaViews.of(outcome.transition().saga()));
    }

    /** {@code POST /v1/cases/{id}/resolve}: closes the case and resumes the parked saga, atomically. */
    public Uni<CaseView> resolve(String tenant, String caseId, CaseResolution resolution, String analyst) {
        return transact(tx -> cases.find(tx, tenant, caseId).flatMap(found -> {
                    CaseView view = found.orElseThrow(() -> new NotFoundException("case " + caseId));
                    if (!CaseStatus.OPEN.name().equals(view.status())) {
                        throw new ConflictException("case " + caseId + " is " + view.status() + ", not OPEN");
                    }
                    return owned(tx, tenant, caseId).flatMap(stored -> {
                        CaseVerdict verdict = new CaseVerdict(resolution.verdict(), resolution.note(), analyst);
                        Transition<TransactionSagaData> t = engine.onEvent(stored.saga(), verdict, now());
                        if (!t.changed()) {
                            throw new ConflictException("saga " + caseId + " is not waiting for a verdict");
                        }
                        return save(tx, t);
                    });
                }))
                .flatMap(outcome -> cases.find(pool, tenant, caseId))
                .map(found -> found.orElseThrow(() -> new NotFoundException("case " + caseId)));
    }

    /** The recovery sweep: acts on every saga whose deadline passed (re-send, give up, time out). */
    public Uni<Integer> wakeDue(int batchSize) {
        return sagas.due(pool, now(), batchSize)
                .flatMap(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(ids)
                                .onItem().transformToUniAndConcatenate(id -> wake(id)
                                        .onFailure().invoke(e -> LOG.warnf(e, "saga %s: wake-up failed, next sweep retries", id))
                                        .onFailure().recoverWithItem((Void) null))
                                .collect().asList()
                                .map(List::size));
    }

    private Uni<Void> wake(String sagaId) {
        return transact(tx -> sagas.find(tx, sagaId).flatMap(existing -> existing.isEmpty()
                        ? Uni.createFrom().item(Outcome.none())
                        : save(tx, engine.onWake(existing.get().saga(), now()))))
                .replaceWithVoid();
    }

    private Uni<StoredSaga> owned(SqlConnection tx, String tenant, String sagaId) {
        return sagas.find(tx, sagaId).map(found -> found.filter(s -> s.tenant().equals(tenant))
                .orElseThrow(() -> new NotFoundException("saga " + sagaId)));
    }

    private Uni<Outcome> saveNew(SqlConnection tx, Transition<TransactionSagaData> t, String tenant, String walletId) {
        return sagas.insert(tx, t.saga(), tenant, walletId)
                .chain(() -> effects.apply(tx, t.effects()))
                .replaceWith(new Outcome(t, null));
    }

    /** Saves a changed transition with its effects; an unchanged one writes nothing. */
    private Uni<Outcome> save(SqlConnection tx, Transition<TransactionSagaData> t) {
        if (!t.changed()) {
            return Uni.createFrom().item(new Outcome(t, null));
        }
        return sagas.update(tx, t.saga())
                .chain(() -> effects.apply(tx, t.effects()))
                .replaceWith(new Outcome(t, null));
    }

    private Uni<Outcome> deadLetter(SqlConnection tx, InboundMessage in, String reason) {
        String why = reason.length() > REASON_MAX ? reason.substring(0, REASON_MAX) : reason;
        LOG.warnf("dead-lettering %s: %s", in.messageId(), why);
        Map<String, String> headers = new HashMap<>();
        headers.put(Topics.DLQ_REASON_HEADER, why);
        headers.put(DLQ_SOURCE_HEADER, in.messageId());
        // PostgreSQL text cannot hold NUL; the payload is kept readable rather than byte-exact
        String payload = in.value() == null ? null : in.value().replace('\u0000', '\uFFFD');
        return outbox.insert(tx, in.messageId(), Topics.SAGA_DLQ, in.key(), payload, headers)
                .replaceWith(new Outcome(null, in.topic()));
    }

    private Uni<Void> consume(InboundMessage in, Function<SqlConnection, Uni<Outcome>> work) {
        return transact(tx -> inbox.claim(tx, in.messageId())
                        .flatMap(fresh -> fresh ? work.apply(tx) : Uni.createFrom().item(Outcome.none())))
                .replaceWithVoid();
    }

    /** One transaction, retried from scratch when another transition of the same saga won the race. */
    private Uni<Outcome> transact(Function<SqlConnection, Uni<Outcome>> work) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(work))
                .onFailure(ConcurrentUpdateException::isRetryable).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(200)).withJitter(0.5).atMost(10)
                .invoke(this::committed);
    }

    private void committed(Outcome outcome) {
        boolean wroteOutbox = outcome.deadLetteredFrom() != null;
        if (outcome.deadLetteredFrom() != null) {
            metrics.deadLettered(outcome.deadLetteredFrom());
        }
        Transition<TransactionSagaData> t = outcome.transition();
        if (t != null && t.changed()) {
            metrics.transition(t);
            wroteOutbox |= !t.messages().isEmpty();
        }
        if (wroteOutbox) {
            outboxWritten.fire(new OutboxWritten());
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
