package io.vigil.saga.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.saga.engine.Effect;
import io.vigil.saga.engine.Reply;
import io.vigil.saga.engine.SagaEngine;
import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.engine.SagaState;
import io.vigil.saga.engine.SendMessage;
import io.vigil.saga.engine.StepRecord;
import io.vigil.saga.engine.Transition;
import io.vigil.saga.model.CaseVerdict;
import io.vigil.saga.model.TransactionSagaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The orchestrator's contract without a broker or a database: an in-memory saga store that round-trips
 * every saga through JSON (as the real one does), an inbox of processed message ids, and a recording
 * sink for sent messages and local effects.
 */
final class InMemorySagaHarness {

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final SagaEngine<TransactionSagaData> engine;
    private final Map<String, String> store = new HashMap<>();
    private final Set<String> processed = new HashSet<>();
    final List<SendMessage> sent = new ArrayList<>();
    final List<Effect> local = new ArrayList<>();
    Instant now = Instant.parse("2026-03-01T12:00:00Z");

    InMemorySagaHarness(TransactionSaga.Policy policy) {
        this.engine = new SagaEngine<>(new TransactionSaga(policy).definition(), () -> 0.5);
    }

    void scored(String messageId, ScoredTransaction scored) {
        consume(messageId, () -> {
            String id = scored.transaction().transactionId();
            if (!store.containsKey(id)) {
                apply(engine.start(id, TransactionSagaData.of(scored), now));
            } else {
                transition(id, s -> engine.startCancelled(s, TransactionSagaData.of(scored), now));
            }
        });
    }

    void reply(String messageId, String sagaId, String commandId, boolean success) {
        consume(messageId, () -> transition(sagaId, s -> engine.onReply(s, new Reply(commandId, success, "refused"), now)));
    }

    /** A cancellation for a saga not started yet leaves one cancelled before start, as the orchestrator does. */
    void cancel(String messageId, String sagaId) {
        consume(messageId, () -> {
            if (!store.containsKey(sagaId)) {
                store.put(sagaId, write(SagaInstance.cancelledBeforeStart(
                        sagaId, TransactionSaga.TYPE, "payment cancelled", now)));
            } else {
                transition(sagaId, s -> engine.onCancel(s, "payment cancelled", now));
            }
        });
    }

    /** Resolving is a REST call, not a message: no inbox; a second one is refused by the engine. */
    boolean resolve(String sagaId, CaseVerdict verdict) {
        return transition(sagaId, s -> engine.onEvent(s, verdict, now));
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    /** The recovery sweep: every saga whose deadline passed. */
    void sweep() {
        for (String id : List.copyOf(store.keySet())) {
            SagaInstance<TransactionSagaData> s = load(id);
            if (s.wakeAt().map(at -> !at.isAfter(now)).orElse(false)) {
                transition(id, saga -> engine.onWake(saga, now));
            }
        }
    }

    SagaInstance<TransactionSagaData> saga(String id) {
        return load(id);
    }

    List<SendMessage> sentTo(String topic) {
        return sent.stream().filter(m -> m.destination().equals(topic)).toList();
    }

    <T extends Effect> List<T> local(Class<T> type) {
        return local.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void consume(String messageId, Runnable work) {
        if (processed.add(messageId)) {
            work.run();
        }
    }

    private boolean transition(String id, Function<SagaInstance<TransactionSagaData>, Transition<TransactionSagaData>> f) {
        if (!store.containsKey(id)) {
            return false;
        }
        Transition<TransactionSagaData> t = f.apply(load(id));
        if (t.changed()) {
            apply(t);
        }
        return t.changed();
    }

    private void apply(Transition<TransactionSagaData> t) {
        store.put(t.saga().id(), write(t.saga()));
        for (Effect e : t.effects()) {
            if (e instanceof SendMessage m) {
                sent.add(m);
            } else {
                local.add(e);
            }
        }
    }

    private record Stored(
            String id, String type, String state, int cursor, boolean cancelRequested, String cause,
            TransactionSagaData data, List<StepRecord> log, Instant startedAt, Instant updatedAt, long version) {}

    private String write(SagaInstance<TransactionSagaData> s) {
        try {
            return json.writeValueAsString(new Stored(s.id(), s.type(), s.state().name(), s.cursor(),
                    s.cancelRequested(), s.cause(), s.data(), s.log(), s.startedAt(), s.updatedAt(), s.version() + 1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SagaInstance<TransactionSagaData> load(String id) {
        try {
            Stored s = json.readValue(store.get(id), new TypeReference<Stored>() {});
            return new SagaInstance<>(s.id(), s.type(), SagaState.valueOf(s.state()), s.cursor(),
                    s.cancelRequested(), s.cause(), s.data(), s.log(), s.startedAt(), s.updatedAt(), s.version());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
