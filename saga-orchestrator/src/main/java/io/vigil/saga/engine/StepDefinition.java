package io.vigil.saga.engine;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * One step of a {@link SagaDefinition}: either a participant command (answered by a reply) or a local
 * action, optionally parked until an event, with an optional compensation. Built by the DSL.
 */
public final class StepDefinition<D> {

    /** Builds the command for a participant; {@code ctx.commandId()} must be put in it. */
    @FunctionalInterface
    public interface Participant<D> {
        SendMessage command(D data, StepContext ctx);
    }

    @FunctionalInterface
    public interface ReplyHandler<D> {
        StepResult<D> onReply(D data, Reply reply, StepContext ctx);
    }

    @FunctionalInterface
    public interface LocalAction<D> {
        StepResult<D> execute(D data, StepContext ctx);
    }

    @FunctionalInterface
    public interface LocalCompensation<D> {
        List<Effect> compensate(D data, StepContext ctx);
    }

    @FunctionalInterface
    public interface EventHandler<D, E> {
        StepResult<D> onEvent(D data, E event, StepContext ctx);
    }

    @FunctionalInterface
    public interface TimeoutHandler<D> {
        StepResult<D> onTimeout(D data, StepContext ctx);
    }

    /** A parked step: waits for an event of {@code eventType} or gives up after {@code timeout}. */
    public record Park<D, E>(
            Class<E> eventType, Duration timeout, EventHandler<D, E> onEvent, TimeoutHandler<D> onTimeout) {

        StepResult<D> deliver(D data, Object event, StepContext ctx) {
            return onEvent.onEvent(data, eventType.cast(event), ctx);
        }
    }

    /** Either a participant command (awaits a reply) or a local undo. */
    public record Compensation<D>(String name, Participant<D> participant, LocalCompensation<D> local) {
        public boolean remote() {
            return participant != null;
        }
    }

    private final String name;
    private final Predicate<D> condition;
    private final Participant<D> participant;
    private final ReplyHandler<D> replyHandler;
    private final LocalAction<D> local;
    private final Park<D, ?> park;
    private final Compensation<D> compensation;
    private final RetryPolicy retry;

    StepDefinition(
            String name,
            Predicate<D> condition,
            Participant<D> participant,
            ReplyHandler<D> replyHandler,
            LocalAction<D> local,
            Park<D, ?> park,
            Compensation<D> compensation,
            RetryPolicy retry) {
        this.name = name;
        this.condition = condition;
        this.participant = participant;
        this.replyHandler = replyHandler;
        this.local = local;
        this.park = park;
        this.compensation = compensation;
        this.retry = retry;
    }

    public String name() {
        return name;
    }

    public boolean remote() {
        return participant != null;
    }

    public boolean hasCompensation() {
        return compensation != null;
    }

    Predicate<D> condition() {
        return condition;
    }

    Participant<D> participant() {
        return participant;
    }

    ReplyHandler<D> replyHandler() {
        return replyHandler;
    }

    LocalAction<D> local() {
        return local;
    }

    Park<D, ?> park() {
        return park;
    }

    Compensation<D> compensation() {
        return compensation;
    }

    RetryPolicy retry() {
        return retry;
    }
}
