package io.vigil.saga.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.saga.engine.SagaState;
import io.vigil.saga.engine.StepRecord;
import io.vigil.saga.engine.StepStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Saga metrics: unsettled sagas by state (gauge refreshed from the database, so it is right across
 * replicas and restarts), settled sagas, step latency, compensations, re-sends, dead letters, and the
 * time from scoring to the published decision.
 */
@ApplicationScoped
public class SagaMetrics {

    private final MeterRegistry registry;
    private final Map<SagaState, AtomicLong> byState = new EnumMap<>(SagaState.class);

    public SagaMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (SagaState state : SagaState.values()) {
            if (state.isSettled()) {
                continue;
            }
            AtomicLong value = new AtomicLong();
            byState.put(state, value);
            Gauge.builder("vigil.saga.sagas", value, AtomicLong::get)
                    .description("Unsettled sagas by state; settled ones are counted by vigil.saga.settled")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    public void sagaCounts(Map<SagaState, Long> counts) {
        counts.forEach((state, n) -> byState.get(state).set(n));
    }

    /** Records what one committed transition finished, compensated or re-sent. */
    void transition(SagaWork.Change t) {
        List<StepRecord> before = t.logBefore();
        List<StepRecord> after = t.logAfter();
        for (int i = 0; i < after.size(); i++) {
            StepRecord now = after.get(i);
            StepRecord was = i < before.size() ? before.get(i) : null;
            if (now.finishedAt() != null && (was == null || was.finishedAt() == null) && now.status() != StepStatus.SKIPPED) {
                stepTimer(now).record(Duration.between(now.startedAt(), now.finishedAt()));
                if (now.phase() == StepRecord.Phase.COMPENSATION && now.status() == StepStatus.DONE) {
                    counter("vigil.saga.compensations", "Compensations completed", now.name()).increment();
                }
            }
            int previousAttempts = was == null ? 1 : Math.max(1, was.attempts());
            if (now.attempts() > previousAttempts) {
                counter("vigil.saga.retries", "Commands sent again after a late or refused reply", now.name())
                        .increment(now.attempts() - (double) previousAttempts);
            }
        }
        SagaState state = t.stateAfter();
        if (state.isSettled() && state != t.stateBefore()) {
            Counter.builder("vigil.saga.settled")
                    .description("Sagas reaching a settled state")
                    .tag("state", state.name())
                    .register(registry)
                    .increment();
        }
    }

    public void deadLettered(String sourceTopic) {
        Counter.builder("vigil.saga.dlq")
                .description("Messages sent to the dead-letter topic")
                .tag("topic", sourceTopic)
                .register(registry)
                .increment();
    }

    /** {@code path} is {@code automatic} or {@code review}: reviews include the analyst's time. */
    public void scoredToPublished(Duration elapsed, String path) {
        Timer.builder("vigil.saga.scored.to.published")
                .description("From scoring to the decision event acknowledged by Kafka")
                .tag("path", path)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry)
                .record(elapsed.isNegative() ? Duration.ZERO : elapsed);
    }

    private Timer stepTimer(StepRecord step) {
        return Timer.builder("vigil.saga.step.duration")
                .description("Time from a step's start to its outcome")
                .tag("step", step.name())
                .tag("outcome", step.status().name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    private Counter counter(String name, String description, String step) {
        return Counter.builder(name).description(description).tag("step", step).register(registry);
    }
}
