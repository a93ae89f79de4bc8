package io.vigil.saga.engine;

import java.time.Instant;

/**
 * One entry of a saga's step log: a forward step or a compensation. {@code invoked} says the step's
 * action may have taken effect (a command was sent, a local action ran), so a later compensation must
 * undo it; a skipped step or a local step that refused to run never needs one.
 */
public record StepRecord(
        String name,
        int index,
        Phase phase,
        StepStatus status,
        boolean invoked,
        int attempts,
        String commandId,
        Instant startedAt,
        Instant finishedAt,
        Instant deadline,
        String detail) {

    public enum Phase {
        FORWARD,
        COMPENSATION
    }

    static StepRecord awaiting(String name, int index, Phase phase, String commandId, Instant now, Instant deadline) {
        return new StepRecord(name, index, phase, StepStatus.AWAITING_REPLY, true, 1, commandId, now, null, deadline, null);
    }

    static StepRecord parked(String name, int index, Instant now, Instant deadline) {
        return new StepRecord(name, index, Phase.FORWARD, StepStatus.PARKED, true, 1, null, now, null, deadline, null);
    }

    static StepRecord done(String name, int index, Phase phase, Instant now) {
        return new StepRecord(name, index, phase, StepStatus.DONE, true, 1, null, now, now, null, null);
    }

    static StepRecord skipped(String name, int index, Instant now) {
        return new StepRecord(name, index, Phase.FORWARD, StepStatus.SKIPPED, false, 0, null, now, now, null, null);
    }

    static StepRecord refused(String name, int index, Instant now, String detail) {
        return new StepRecord(name, index, Phase.FORWARD, StepStatus.FAILED, false, 1, null, now, now, null, detail);
    }

    StepRecord finish(StepStatus outcome, Instant now, String why) {
        return new StepRecord(name, index, phase, outcome, invoked, attempts, commandId, startedAt, now, null, why);
    }

    StepRecord resent(Instant nextDeadline) {
        return new StepRecord(
                name, index, phase, StepStatus.AWAITING_REPLY, invoked, attempts + 1, commandId, startedAt, null,
                nextDeadline, detail);
    }

    StepRecord retryAt(Instant nextDeadline, String why) {
        return new StepRecord(
                name, index, phase, StepStatus.RETRY_SCHEDULED, invoked, attempts, commandId, startedAt, null,
                nextDeadline, why);
    }
}
