package io.vigil.saga.engine;

import java.util.List;

/**
 * Result of feeding one input to the engine: the saga after it, the effects to apply atomically with
 * it, and the state and step log before it (to tell what finished, for metrics). {@code changed} is
 * false when the input was a duplicate or did not apply; nothing is then to be saved or sent.
 */
public record Transition<D>(
        SagaInstance<D> saga, SagaState stateBefore, List<StepRecord> logBefore, List<Effect> effects, boolean changed) {

    public Transition {
        logBefore = List.copyOf(logBefore);
        effects = List.copyOf(effects);
    }

    static <D> Transition<D> unchanged(SagaInstance<D> saga) {
        return new Transition<>(saga, saga.state(), saga.log(), List.of(), false);
    }

    /** Effects that are messages to publish. */
    public List<SendMessage> messages() {
        return effects.stream()
                .filter(SendMessage.class::isInstance)
                .map(SendMessage.class::cast)
                .toList();
    }
}
