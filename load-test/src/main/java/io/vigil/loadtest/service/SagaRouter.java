package io.vigil.loadtest.service;

import io.vigil.loadtest.messaging.DecisionSeen;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Routes each decision read from the topic to the tracker of the step that sent its transaction. */
public final class SagaRouter implements Consumer<DecisionSeen> {

    private final List<SagaTracker> trackers = new CopyOnWriteArrayList<>();

    public void add(SagaTracker tracker) {
        trackers.add(tracker);
    }

    public void remove(SagaTracker tracker) {
        trackers.remove(tracker);
    }

    @Override
    public void accept(DecisionSeen seen) {
        for (SagaTracker t : trackers) {
            if (t.offer(seen)) {
                return;
            }
        }
    }
}
