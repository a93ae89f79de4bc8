package io.vigil.saga.service;

import io.vigil.saga.engine.Effect;
import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.engine.SagaState;
import io.vigil.saga.engine.SendMessage;
import io.vigil.saga.engine.StepRecord;
import io.vigil.saga.engine.Transition;
import io.vigil.saga.model.DeadLetter;
import io.vigil.saga.model.InboundMessage;
import io.vigil.saga.model.TransactionSagaData;
import io.vigil.saga.repository.SagaRepository;
import io.vigil.saga.repository.StoredSaga;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one database transaction does to sagas: the sagas it loaded or created, and the transitions and
 * effects of its inputs in input order. Several inputs of one batch may concern the same saga; each sees
 * the state the previous one left, and the saga is saved once, against the version it was loaded with.
 */
final class SagaWork {

    /** A committed transition, for the metrics: state and step log before and after it. */
    record Change(SagaState stateBefore, List<StepRecord> logBefore, SagaState stateAfter, List<StepRecord> logAfter) {}

    private static final class Tracked {
        private final StoredSaga stored;
        private final boolean created;
        private final TransactionSagaData loadedData;
        private boolean changed;

        private Tracked(StoredSaga stored, boolean created) {
            this.stored = stored;
            this.created = created;
            this.loadedData = stored.saga().data();
        }
    }

    private final Map<String, Tracked> sagas = new LinkedHashMap<>();
    private final List<Effect> effects = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private final List<String> deadLetteredFrom = new ArrayList<>();

    SagaWork(Map<String, StoredSaga> loaded) {
        loaded.forEach((id, stored) -> sagas.put(id, new Tracked(stored, false)));
    }

    static SagaWork of(StoredSaga loaded) {
        return new SagaWork(Map.of(loaded.saga().id(), loaded));
    }

    Optional<StoredSaga> saga(String sagaId) {
        return Optional.ofNullable(sagas.get(sagaId)).map(t -> t.stored);
    }

    /** A saga that did not exist: inserted with the state it ends the batch in. */
    void created(SagaInstance<TransactionSagaData> saga, String tenant, String walletId) {
        sagas.put(saga.id(), new Tracked(new StoredSaga(tenant, walletId, saga), true));
    }

    void started(Transition<TransactionSagaData> t, String tenant, String walletId) {
        created(t.saga(), tenant, walletId);
        record(t);
    }

    /** A transition of a saga already tracked; an unchanged one writes nothing. */
    void transitioned(Transition<TransactionSagaData> t) {
        if (!t.changed()) {
            return;
        }
        sagas.get(t.saga().id()).changed = true;
        record(t);
    }

    void deadLetter(InboundMessage in, String reason) {
        effects.add(new DeadLetter(in, reason));
        deadLetteredFrom.add(in.topic());
    }

    private void record(Transition<TransactionSagaData> t) {
        effects.addAll(t.effects());
        changes.add(new Change(t.stateBefore(), t.logBefore(), t.saga().state(), List.copyOf(t.saga().log())));
    }

    List<StoredSaga> created() {
        return sagas.values().stream().filter(t -> t.created).map(t -> t.stored).toList();
    }

    /** Loaded sagas that changed; steps keep the data object unless they replace it, hence the identity check. */
    List<SagaRepository.Update> changed() {
        return sagas.values().stream()
                .filter(t -> !t.created && t.changed)
                .map(t -> new SagaRepository.Update(t.stored.saga(), t.stored.saga().data() != t.loadedData))
                .toList();
    }

    List<Effect> effects() {
        return effects;
    }

    List<Change> changes() {
        return changes;
    }

    List<String> deadLetteredFrom() {
        return deadLetteredFrom;
    }

    boolean wroteOutbox() {
        return effects.stream().anyMatch(e -> e instanceof SendMessage || e instanceof DeadLetter);
    }
}
