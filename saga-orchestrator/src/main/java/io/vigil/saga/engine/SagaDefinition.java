package io.vigil.saga.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An ordered list of steps, read top to bottom:
 *
 * <pre>{@code
 * SagaDefinition.<Data>saga("transaction")
 *     .step("history.record")
 *         .invokeParticipant(this::recordCommand)
 *         .onReply(this::onRecorded)
 *         .withCompensation("history.void", this::voidCommand)
 *     .step("decision.persist")
 *         .invokeLocal(this::persist)
 *         .withLocalCompensation("decision.retract", this::retract)
 *     .build();
 * }</pre>
 */
public final class SagaDefinition<D> {

    private final String type;
    private final List<StepDefinition<D>> steps;

    private SagaDefinition(String type, List<StepDefinition<D>> steps) {
        this.type = type;
        this.steps = List.copyOf(steps);
    }

    public static <D> Builder<D> saga(String type) {
        return new Builder<>(type);
    }

    public String type() {
        return type;
    }

    public List<StepDefinition<D>> steps() {
        return steps;
    }

    StepDefinition<D> step(int index) {
        return steps.get(index);
    }

    int size() {
        return steps.size();
    }

    public static final class Builder<D> {
        private final String type;
        private final List<StepDefinition<D>> steps = new ArrayList<>();
        private RetryPolicy defaultRetry = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(5), 2.0, 0.2);

        private Builder(String type) {
            this.type = Objects.requireNonNull(type);
        }

        /** Retry policy of every participant step that does not set its own. */
        public Builder<D> retry(RetryPolicy policy) {
            this.defaultRetry = Objects.requireNonNull(policy);
            return this;
        }

        public StepBuilder<D> step(String name) {
            return new StepBuilder<>(this, name);
        }

        public SagaDefinition<D> build() {
            if (steps.isEmpty()) {
                throw new IllegalStateException("saga " + type + " has no step");
            }
            return new SagaDefinition<>(type, steps);
        }
    }

    public static final class StepBuilder<D> {
        private final Builder<D> parent;
        private final String name;
        private Predicate<D> condition = d -> true;
        private StepDefinition.Participant<D> participant;
        private StepDefinition.ReplyHandler<D> replyHandler = (data, reply, ctx) -> reply.success()
                ? StepResult.success(data)
                : StepResult.failure(reply.detail());
        private StepDefinition.LocalAction<D> local;
        private StepDefinition.Park<D, ?> park;
        private StepDefinition.Compensation<D> compensation;
        private RetryPolicy retry;

        private StepBuilder(Builder<D> parent, String name) {
            this.parent = parent;
            this.name = Objects.requireNonNull(name);
        }

        /** The step runs only for sagas whose data satisfies {@code predicate}; it is skipped otherwise. */
        public StepBuilder<D> when(Predicate<D> predicate) {
            this.condition = Objects.requireNonNull(predicate);
            return this;
        }

        public StepBuilder<D> invokeParticipant(StepDefinition.Participant<D> command) {
            this.participant = Objects.requireNonNull(command);
            return this;
        }

        /** How a participant reply is judged; by default its success flag decides. */
        public StepBuilder<D> onReply(StepDefinition.ReplyHandler<D> handler) {
            this.replyHandler = Objects.requireNonNull(handler);
            return this;
        }

        public StepBuilder<D> retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy);
            return this;
        }

        public StepBuilder<D> invokeLocal(StepDefinition.LocalAction<D> action) {
            this.local = Objects.requireNonNull(action);
            return this;
        }

        /** After its local action, the step waits for an event of {@code eventType} or its timeout. */
        public <E> StepBuilder<D> parkUntil(
                Class<E> eventType,
                Duration timeout,
                StepDefinition.EventHandler<D, E> onEvent,
                StepDefinition.TimeoutHandler<D> onTimeout) {
            this.park = new StepDefinition.Park<>(eventType, timeout, onEvent, onTimeout);
            return this;
        }

        /** Compensation by a participant command; retried until the participant confirms it. */
        public StepBuilder<D> withCompensation(String compensationName, StepDefinition.Participant<D> command) {
            this.compensation = new StepDefinition.Compensation<>(compensationName, Objects.requireNonNull(command), null);
            return this;
        }

        public StepBuilder<D> withLocalCompensation(String compensationName, StepDefinition.LocalCompensation<D> undo) {
            this.compensation = new StepDefinition.Compensation<>(compensationName, null, Objects.requireNonNull(undo));
            return this;
        }

        public StepBuilder<D> step(String next) {
            return finish().step(next);
        }

        public SagaDefinition<D> build() {
            return finish().build();
        }

        private Builder<D> finish() {
            if ((participant == null) == (local == null)) {
                throw new IllegalStateException("step " + name + " needs exactly one of invokeParticipant or invokeLocal");
            }
            if (park != null && participant != null) {
                throw new IllegalStateException("step " + name + ": only a local step can park");
            }
            boolean duplicate = parent.steps.stream().anyMatch(s -> s.name().equals(name));
            if (duplicate) {
                throw new IllegalStateException("duplicate step " + name);
            }
            parent.steps.add(new StepDefinition<>(
                    name, condition, participant, replyHandler, local, park, compensation,
                    retry == null ? parent.defaultRetry : retry));
            return parent;
        }
    }
}
