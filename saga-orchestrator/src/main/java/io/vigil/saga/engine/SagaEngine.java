package io.vigil.saga.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The generic saga state machine. It does no I/O: each input (start, reply, event, wake-up,
 * cancellation) mutates a {@link SagaInstance} and returns the effects the caller must apply in the
 * same transaction that saves the instance. Inputs that do not apply (a duplicate reply, a late
 * event) return an unchanged transition, which is what makes redelivered messages harmless.
 */
public final class SagaEngine<D> {

    private final SagaDefinition<D> definition;
    private final DoubleSupplier random;

    /** {@code random} feeds the retry jitter: uniform in [0, 1). */
    public SagaEngine(SagaDefinition<D> definition, DoubleSupplier random) {
        this.definition = definition;
        this.random = random;
    }

    public SagaDefinition<D> definition() {
        return definition;
    }

    public Transition<D> start(String sagaId, D data, Instant now) {
        SagaInstance<D> saga = SagaInstance.fresh(sagaId, definition.type(), data, now);
        List<Effect> effects = new ArrayList<>();
        advance(saga, 0, effects, now);
        return new Transition<>(saga, null, List.of(), effects, true);
    }

    /**
     * The start input of a saga whose cancellation overtook it ({@link SagaInstance#cancelledBeforeStart}): a
     * participant may have acted on the same input before the saga existed, so the saga runs to its first remote
     * step as {@link #start} would and compensates at once, as a cancellation while that step awaited its reply
     * would. Any other saga is left as it is: for it the input is a duplicate.
     */
    public Transition<D> startCancelled(SagaInstance<D> saga, D data, Instant now) {
        if (saga.state() != SagaState.CANCELLED || saga.data() != null || !saga.log().isEmpty()) {
            return Transition.unchanged(saga);
        }
        String cause = saga.cause();
        List<Effect> effects = new ArrayList<>();
        saga.data(data);
        advance(saga, 0, effects, now);
        effects.addAll(onCancel(saga, "before start", now).effects());
        saga.cause(cause);
        saga.touch(now);
        return new Transition<>(saga, SagaState.CANCELLED, List.of(), effects, true);
    }

    /** A participant answered; applies only if the saga awaits exactly that command. */
    public Transition<D> onReply(SagaInstance<D> saga, Reply reply, Instant now) {
        Optional<StepRecord> active = saga.active();
        if (active.isEmpty() || !reply.commandId().equals(active.get().commandId())) {
            return Transition.unchanged(saga);
        }
        StepRecord entry = active.get();
        SagaState stateBefore = saga.state();
        List<StepRecord> before = List.copyOf(saga.log());
        List<Effect> effects = new ArrayList<>();
        StepDefinition<D> step = definition.step(entry.index());
        if (entry.phase() == StepRecord.Phase.FORWARD) {
            if (entry.status() != StepStatus.AWAITING_REPLY) {
                return Transition.unchanged(saga);
            }
            StepResult<D> result = safely(() -> step.replyHandler()
                    .onReply(saga.data(), reply, context(saga, step.name(), entry.commandId(), now)));
            if (result.failed()) {
                saga.replaceActive(entry.finish(StepStatus.FAILED, now, result.failure()));
                startCompensation(saga, entry.index(), "step " + step.name() + " failed: " + result.failure(), effects, now);
            } else {
                saga.data(result.data());
                effects.addAll(result.effects());
                saga.replaceActive(entry.finish(StepStatus.DONE, now, null));
                advance(saga, entry.index() + 1, effects, now);
            }
        } else if (reply.success()) {
            // a success also counts while a re-send is scheduled: it answers an earlier attempt of the same command
            saga.replaceActive(entry.finish(StepStatus.DONE, now, null));
            compensateFrom(saga, entry.index() - 1, effects, now);
        } else if (entry.status() == StepStatus.RETRY_SCHEDULED) {
            return Transition.unchanged(saga);
        } else {
            Instant retryAt = now.plus(step.retry().delay(entry.attempts(), random.getAsDouble()));
            saga.replaceActive(entry.retryAt(retryAt, reply.detail()));
        }
        saga.touch(now);
        return new Transition<>(saga, stateBefore, before, effects, true);
    }

    /** An outside event for a parked step (an analyst verdict); ignored unless the saga is parked for it. */
    public Transition<D> onEvent(SagaInstance<D> saga, Object event, Instant now) {
        Optional<StepRecord> active = saga.active();
        if (active.isEmpty() || active.get().status() != StepStatus.PARKED) {
            return Transition.unchanged(saga);
        }
        StepRecord entry = active.get();
        StepDefinition<D> step = definition.step(entry.index());
        if (!step.park().eventType().isInstance(event)) {
            return Transition.unchanged(saga);
        }
        SagaState stateBefore = saga.state();
        List<StepRecord> before = List.copyOf(saga.log());
        List<Effect> effects = new ArrayList<>();
        StepResult<D> result = safely(() -> step.park().deliver(saga.data(), event, context(saga, step.name(), null, now)));
        finishParked(saga, step, entry, result, null, effects, now);
        saga.touch(now);
        return new Transition<>(saga, stateBefore, before, effects, true);
    }

    /**
     * Deadlines due at {@code now}: re-sends a command whose reply is late (forward steps give up after
     * their retry policy's attempts), re-sends a refused compensation, times out a parked step.
     */
    public Transition<D> onWake(SagaInstance<D> saga, Instant now) {
        Optional<StepRecord> active = saga.active();
        if (active.isEmpty() || active.get().deadline() == null || active.get().deadline().isAfter(now)) {
            return Transition.unchanged(saga);
        }
        StepRecord entry = active.get();
        StepDefinition<D> step = definition.step(entry.index());
        SagaState stateBefore = saga.state();
        List<StepRecord> before = List.copyOf(saga.log());
        List<Effect> effects = new ArrayList<>();
        if (entry.status() == StepStatus.PARKED) {
            StepResult<D> result = safely(() -> step.park().onTimeout().onTimeout(
                    saga.data(), context(saga, step.name(), null, now)));
            finishParked(saga, step, entry, result, "timed out after " + step.park().timeout(), effects, now);
        } else if (entry.phase() == StepRecord.Phase.COMPENSATION) {
            StepDefinition.Compensation<D> compensation = step.compensation();
            effects.add(compensation.participant()
                    .command(saga.data(), context(saga, compensation.name(), entry.commandId(), now)));
            saga.replaceActive(entry.resent(now.plus(step.retry().delay(entry.attempts() + 1, random.getAsDouble()))));
        } else if (entry.attempts() < step.retry().maxAttempts()) {
            effects.add(step.participant().command(saga.data(), context(saga, step.name(), entry.commandId(), now)));
            saga.replaceActive(entry.resent(now.plus(step.retry().delay(entry.attempts() + 1, random.getAsDouble()))));
        } else {
            String why = "no reply after " + entry.attempts() + " attempts";
            saga.replaceActive(entry.finish(StepStatus.FAILED, now, why));
            startCompensation(saga, entry.index(), "step " + step.name() + " failed: " + why, effects, now);
        }
        saga.touch(now);
        return new Transition<>(saga, stateBefore, before, effects, true);
    }

    /**
     * The payment was cancelled: interrupts a running or parked saga, or reopens a completed one, and
     * compensates every step that took effect, in reverse order. A saga already compensating or settled
     * by compensation is left as it is.
     */
    public Transition<D> onCancel(SagaInstance<D> saga, String reason, Instant now) {
        SagaState state = saga.state();
        if (state == SagaState.COMPENSATING || state == SagaState.COMPENSATED || state == SagaState.CANCELLED) {
            return Transition.unchanged(saga);
        }
        SagaState stateBefore = saga.state();
        List<StepRecord> before = List.copyOf(saga.log());
        List<Effect> effects = new ArrayList<>();
        saga.requestCancel();
        int from;
        if (state == SagaState.COMPLETED) {
            from = definition.size() - 1;
        } else {
            StepRecord entry = saga.active().orElseThrow(() -> new IllegalStateException(
                    "saga " + saga.id() + " is " + state + " without an active step"));
            saga.replaceActive(entry.finish(StepStatus.ABANDONED, now, "cancelled"));
            from = entry.index();
        }
        startCompensation(saga, from, "cancelled: " + reason, effects, now);
        saga.touch(now);
        return new Transition<>(saga, stateBefore, before, effects, true);
    }

    private void finishParked(
            SagaInstance<D> saga,
            StepDefinition<D> step,
            StepRecord entry,
            StepResult<D> result,
            String detail,
            List<Effect> effects,
            Instant now) {
        if (result.failed()) {
            saga.replaceActive(entry.finish(StepStatus.FAILED, now, result.failure()));
            startCompensation(saga, entry.index(), "step " + step.name() + " failed: " + result.failure(), effects, now);
            return;
        }
        saga.data(result.data());
        effects.addAll(result.effects());
        saga.replaceActive(entry.finish(StepStatus.DONE, now, detail));
        advance(saga, entry.index() + 1, effects, now);
    }

    private void advance(SagaInstance<D> saga, int from, List<Effect> effects, Instant now) {
        saga.state(SagaState.RUNNING);
        for (int index = from; index < definition.size(); index++) {
            StepDefinition<D> step = definition.step(index);
            if (!step.condition().test(saga.data())) {
                saga.append(StepRecord.skipped(step.name(), index, now));
                continue;
            }
            saga.cursor(index);
            if (step.remote()) {
                String commandId = commandId(saga.id(), step.name());
                effects.add(step.participant().command(saga.data(), context(saga, step.name(), commandId, now)));
                Instant deadline = now.plus(step.retry().delay(1, random.getAsDouble()));
                saga.append(StepRecord.awaiting(step.name(), index, StepRecord.Phase.FORWARD, commandId, now, deadline));
                return;
            }
            StepResult<D> result = safely(() -> step.local().execute(saga.data(), context(saga, step.name(), null, now)));
            if (result.failed()) {
                saga.append(StepRecord.refused(step.name(), index, now, result.failure()));
                startCompensation(saga, index - 1, "step " + step.name() + " failed: " + result.failure(), effects, now);
                return;
            }
            saga.data(result.data());
            effects.addAll(result.effects());
            if (step.park() != null) {
                saga.append(StepRecord.parked(step.name(), index, now, now.plus(step.park().timeout())));
                saga.state(SagaState.PARKED);
                return;
            }
            saga.append(StepRecord.done(step.name(), index, StepRecord.Phase.FORWARD, now));
        }
        saga.cursor(definition.size());
        saga.state(SagaState.COMPLETED);
    }

    private void startCompensation(SagaInstance<D> saga, int from, String cause, List<Effect> effects, Instant now) {
        saga.state(SagaState.COMPENSATING);
        saga.cause(cause);
        compensateFrom(saga, from, effects, now);
    }

    /** Undoes, from step {@code from} down to the first, every step that took effect; stops at a remote one. */
    private void compensateFrom(SagaInstance<D> saga, int from, List<Effect> effects, Instant now) {
        for (int index = from; index >= 0; index--) {
            StepDefinition<D> step = definition.step(index);
            boolean tookEffect = saga.forwardEntry(index).map(StepRecord::invoked).orElse(false);
            if (!tookEffect || !step.hasCompensation()) {
                continue;
            }
            saga.cursor(index);
            StepDefinition.Compensation<D> compensation = step.compensation();
            if (compensation.remote()) {
                String commandId = commandId(saga.id(), compensation.name());
                effects.add(compensation.participant()
                        .command(saga.data(), context(saga, compensation.name(), commandId, now)));
                Instant deadline = now.plus(step.retry().delay(1, random.getAsDouble()));
                saga.append(StepRecord.awaiting(
                        compensation.name(), index, StepRecord.Phase.COMPENSATION, commandId, now, deadline));
                return;
            }
            effects.addAll(compensation.local().compensate(saga.data(), context(saga, compensation.name(), null, now)));
            saga.append(StepRecord.done(compensation.name(), index, StepRecord.Phase.COMPENSATION, now));
        }
        saga.cursor(-1);
        saga.state(saga.cancelRequested() ? SagaState.CANCELLED : SagaState.COMPENSATED);
    }

    /** Deterministic per saga and action, the same on every re-send, so a participant can drop duplicates. */
    public static String commandId(String sagaId, String action) {
        return sagaId + ":" + action;
    }

    private static StepContext context(SagaInstance<?> saga, String step, String commandId, Instant now) {
        return new StepContext(saga.id(), step, commandId, now);
    }

    /** A step function that throws has failed for good: the saga compensates rather than wedging. */
    private static <D> StepResult<D> safely(Supplier<StepResult<D>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return StepResult.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
