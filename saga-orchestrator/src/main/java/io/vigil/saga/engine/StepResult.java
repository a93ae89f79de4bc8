package io.vigil.saga.engine;

import java.util.List;

/**
 * What a local action or a reply/event handler decided: the saga data after it and the effects to apply,
 * or a failure that starts compensation.
 */
public record StepResult<D>(D data, List<Effect> effects, String failure) {

    public StepResult {
        effects = List.copyOf(effects);
    }

    public static <D> StepResult<D> success(D data, Effect... effects) {
        return new StepResult<>(data, List.of(effects), null);
    }

    public static <D> StepResult<D> failure(String reason) {
        return new StepResult<>(null, List.of(), reason == null ? "failed" : reason);
    }

    public boolean failed() {
        return failure != null;
    }
}
