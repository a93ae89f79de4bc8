package io.vigil.saga.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generic engine on a four-step saga shaped like the transaction saga (participant, local,
 * parked local, local), with no broker and no database: the effects it returns are the recording sink.
 */
class SagaEngineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1), 2.0, 0.0);

    /** Saga data: which step should fail, and a trail of what ran. */
    record Data(String failAt, List<String> trail) {
        Data with(String entry) {
            List<String> next = new ArrayList<>(trail);
            next.add(entry);
            return new Data(failAt, next);
        }
    }

    record Note(String what) implements Effect {}

    record Go(boolean ok) {}

    private final SagaEngine<Data> engine = new SagaEngine<>(definition(), () -> 0.5);

    private static SagaDefinition<Data> definition() {
        return SagaDefinition.<Data>saga("test")
                .retry(RETRY)
                .step("remote")
                    .invokeParticipant((d, ctx) -> new SendMessage(ctx.commandId(), "commands", "k", "do"))
                    .withCompensation("remote.undo", (d, ctx) -> new SendMessage(ctx.commandId(), "commands", "k", "undo"))
                .step("local")
                    .invokeLocal((d, ctx) -> "local".equals(d.failAt())
                            ? StepResult.failure("local refused")
                            : StepResult.success(d.with("local"), new Note("local")))
                    .withLocalCompensation("local.undo", (d, ctx) -> List.of(new Note("local.undo")))
                .step("parked")
                    .when(d -> !"skip".equals(d.failAt()))
                    .invokeLocal((d, ctx) -> StepResult.success(d.with("parked"), new Note("parked")))
                    .parkUntil(Go.class, Duration.ofHours(1),
                            (d, go, ctx) -> go.ok() ? StepResult.success(d.with("go")) : StepResult.failure("no go"),
                            (d, ctx) -> StepResult.success(d.with("timeout")))
                    .withLocalCompensation("parked.undo", (d, ctx) -> List.of(new Note("parked.undo")))
                .step("last")
                    .invokeLocal((d, ctx) -> {
                        if ("last".equals(d.failAt())) {
                            throw new IllegalStateException("boom");
                        }
                        return StepResult.success(d.with("last"), new Note("last"));
                    })
                .build();
    }

    private static Data data(String failAt) {
        return new Data(failAt, List.of());
    }

    private static List<Object> payloads(Transition<Data> t) {
        return t.effects().stream()
                .map(e -> e instanceof SendMessage m ? m.payload() : ((Note) e).what())
                .map(Object.class::cast)
                .toList();
    }

    @Test
    void happyPathRunsEveryStepInOrderAndCompletes() {
        Transition<Data> started = engine.start("s1", data(null), T0);
        assertEquals(List.of("do"), payloads(started));
        assertEquals("s1:remote", started.messages().get(0).messageId());
        assertEquals(SagaState.RUNNING, started.saga().state());
        assertEquals(T0.plusSeconds(10), started.saga().wakeAt().orElseThrow());

        Transition<Data> replied = engine.onReply(started.saga(), new Reply("s1:remote", true, null), T0.plusSeconds(1));
        assertEquals(List.of("local", "parked"), payloads(replied));
        assertEquals(SagaState.PARKED, replied.saga().state());
        assertEquals(T0.plusSeconds(1).plus(Duration.ofHours(1)), replied.saga().wakeAt().orElseThrow());

        Transition<Data> resumed = engine.onEvent(replied.saga(), new Go(true), T0.plusSeconds(2));
        assertEquals(List.of("last"), payloads(resumed));
        assertEquals(SagaState.COMPLETED, resumed.saga().state());
        assertEquals(List.of("local", "parked", "go", "last"), resumed.saga().data().trail());
        assertTrue(resumed.saga().wakeAt().isEmpty());
    }

    @Test
    void aStepWhoseConditionFailsIsSkippedAndNeverCompensated() {
        SagaInstance<Data> saga = engine.start("s1", data("skip"), T0).saga();
        Transition<Data> done = engine.onReply(saga, new Reply("s1:remote", true, null), T0);
        assertEquals(SagaState.COMPLETED, done.saga().state());
        assertEquals(StepStatus.SKIPPED, done.saga().log().get(2).status());

        Transition<Data> cancelled = engine.onCancel(done.saga(), "upstream", T0.plusSeconds(5));
        assertEquals(List.of("local.undo", "undo"), payloads(cancelled));
    }

    @Test
    void failureReplyCompensatesTheParticipantStepItself() {
        SagaInstance<Data> saga = engine.start("s1", data(null), T0).saga();
        Transition<Data> failed = engine.onReply(saga, new Reply("s1:remote", false, "refused"), T0);
        assertEquals(List.of("undo"), payloads(failed));
        assertEquals("s1:remote.undo", failed.messages().get(0).messageId());
        assertEquals(SagaState.COMPENSATING, failed.saga().state());
        assertEquals("step remote failed: refused", failed.saga().cause());

        Transition<Data> undone = engine.onReply(failed.saga(), new Reply("s1:remote.undo", true, null), T0);
        assertEquals(SagaState.COMPENSATED, undone.saga().state());
    }

    @Test
    void localFailureCompensatesEarlierStepsOnlyInReverseOrder() {
        SagaInstance<Data> saga = engine.start("s1", data("local"), T0).saga();
        Transition<Data> t = engine.onReply(saga, new Reply("s1:remote", true, null), T0);
        assertEquals(List.of("undo"), payloads(t));
        assertEquals(StepStatus.FAILED, t.saga().log().get(1).status());
    }

    @Test
    void parkedStepFailureCompensatesItselfThenEarlierStepsInReverseOrder() {
        SagaInstance<Data> saga = engine.start("s1", data(null), T0).saga();
        saga = engine.onReply(saga, new Reply("s1:remote", true, null), T0).saga();
        Transition<Data> t = engine.onEvent(saga, new Go(false), T0);
        assertEquals(List.of("parked.undo", "local.undo", "undo"), payloads(t));
        assertEquals(SagaState.COMPENSATING, t.saga().state());
    }

    @Test
    void lastStepThrowingCompensatesEveryEarlierStepInReverseOrder() {
        SagaInstance<Data> saga = engine.start("s1", data("last"), T0).saga();
        saga = engine.onReply(saga, new Reply("s1:remote", true, null), T0).saga();
        Transition<Data> t = engine.onEvent(saga, new Go(true), T0);
        assertEquals(List.of("parked.undo", "local.undo", "undo"), payloads(t));
        assertTrue(t.saga().cause().contains("boom"));
        List<String> compensations = t.saga().log().stream()
                .filter(r -> r.phase() == StepRecord.Phase.COMPENSATION)
                .map(StepRecord::name)
                .toList();
        assertEquals(List.of("parked.undo", "local.undo", "remote.undo"), compensations);
    }

    @Test
    void lateReplyIsResentWithBackoffThenTheStepFailsForGood() {
        SagaInstance<Data> saga = engine.start("s1", data(null), T0).saga();
        assertTrue(engine.onWake(saga, T0.plusSeconds(9)).effects().isEmpty(), "not due yet");

        Transition<Data> second = engine.onWake(saga, T0.plusSeconds(10));
        assertEquals(List.of("do"), payloads(second));
        assertEquals("s1:remote", second.messages().get(0).messageId(), "same command id on every attempt");
        assertEquals(2, saga.log().get(0).attempts());
        assertEquals(T0.plusSeconds(30), saga.wakeAt().orElseThrow(), "second wait doubles");

        engine.onWake(saga, T0.plusSeconds(30));
        assertEquals(3, saga.log().get(0).attempts());
        Transition<Data> exhausted = engine.onWake(saga, T0.plusSeconds(70));
        assertEquals(List.of("undo"), payloads(exhausted));
        assertEquals("no reply after 3 attempts", saga.log().get(0).detail());
    }

    @Test
    void refusedCompensationIsRetriedUntilItSucceeds() {
        SagaInstance<Data> saga = engine.start("s1", data(null), T0).saga();
        engine.onReply(saga, new Reply("s1:remote", false, "refused"), T0);
        for (int i = 0; i < 6; i++) {
            Transition<Data> refused = engine.onReply(saga, new Reply("s1:remote.undo", false, "busy"), T0);
            assertTrue(refused.effects().isEmpty());
            assertEquals(StepStatus.RETRY_SCHEDULED, saga.active().orElseThrow().status());
            Transition<Data> resent = engine.onWake(saga, saga.wakeAt().orElseThrow());
            assertEquals(List.of("undo"), payloads(resent));
        }
        engine.onReply(saga, new Reply("s1:remote.undo", true, null), T0);
        assertEquals(SagaState.COMPENSATED, saga.state());
        assertEquals(7, saga.log().get(1).attempts());
    }

    @Test
    void duplicateAndStaleRepliesChangeNothing() {
        SagaInstance<Data> saga = engine.start("s1", data(null), T0).saga();
        assertTrue(engine.onReply(saga, new Reply("s1:remote", true, null), T0).changed());
        Transition<Data> again = engine.onReply(saga, new Reply("s1:remote", true, null), T0);
        assertFalse(again.changed());
        assertTrue(again.effects().isEmpty());
        assertFalse(engine.onReply(saga, new Reply("other:remote", true, null), T0).changed());
        assertFalse(engine.onEvent(saga, "not a Go", T0).changed());
    }

    @Test
    void parkTimeoutFollowsTheTimeoutHandler() {
        SagaInstance<Data> saga = engine.start("s1", data(null), T0).saga();
        engine.onReply(saga, new Reply("s1:remote", true, null), T0);
        Transition<Data> t = engine.onWake(saga, T0.plus(Duration.ofHours(1)));
        assertEquals(SagaState.COMPLETED, t.saga().state());
        assertEquals(List.of("local", "parked", "timeout", "last"), t.saga().data().trail());
        assertFalse(engine.onEvent(saga, new Go(true), T0.plus(Duration.ofHours(2))).changed(), "too late");
    }

    @Test
    void cancellationWhileAwaitingAReplyCompensatesTheInFlightStepAndIgnoresItsLateReply() {
        SagaInstance<Data> saga = engine.start("s1", data(null), T0).saga();
        Transition<Data> t = engine.onCancel(saga, "upstream", T0);
        assertEquals(List.of("undo"), payloads(t));
        assertEquals(StepStatus.ABANDONED, saga.log().get(0).status());
        assertFalse(engine.onReply(saga, new Reply("s1:remote", true, null), T0).changed());
        engine.onReply(saga, new Reply("s1:remote.undo", true, null), T0);
        assertEquals(SagaState.CANCELLED, saga.state());
        assertFalse(engine.onCancel(saga, "again", T0).changed());
    }

    @Test
    void startInputOfASagaCancelledBeforeStartUndoesWhatItsFirstRemoteStepStandsForAndSettlesCancelled() {
        SagaInstance<Data> saga = SagaInstance.cancelledBeforeStart("s1", "test", "upstream", T0);
        Transition<Data> t = engine.startCancelled(saga, data(null), T0);
        assertEquals(List.of("do", "undo"), payloads(t));
        assertEquals(SagaState.CANCELLED, t.stateBefore());
        assertEquals(SagaState.COMPENSATING, saga.state());
        assertEquals("cancelled before start: upstream", saga.cause());
        assertFalse(engine.onReply(saga, new Reply("s1:remote", true, null), T0).changed());
        engine.onReply(saga, new Reply("s1:remote.undo", true, null), T0);
        assertEquals(SagaState.CANCELLED, saga.state());
        assertFalse(engine.startCancelled(saga, data(null), T0).changed(), "its start input again");
        assertFalse(engine.startCancelled(engine.start("s2", data(null), T0).saga(), data(null), T0).changed(),
                "a saga that started is not cancelled by its start input");
    }

    @Test
    void cancellationAfterCompletionCompensatesEveryDoneStepInReverseOrder() {
        SagaInstance<Data> saga = engine.start("s1", data(null), T0).saga();
        engine.onReply(saga, new Reply("s1:remote", true, null), T0);
        engine.onEvent(saga, new Go(true), T0);
        Transition<Data> t = engine.onCancel(saga, "upstream", T0);
        assertEquals(List.of("parked.undo", "local.undo", "undo"), payloads(t));
        engine.onReply(saga, new Reply("s1:remote.undo", true, null), T0);
        assertEquals(SagaState.CANCELLED, saga.state());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void retryDelayGrowsExponentiallyUpToItsCapWithinTheJitterBand(int attempt) {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(20), 2.0, 0.25);
        long base = Math.min(1000L << (attempt - 1), 20_000L);
        assertEquals(base, policy.delay(attempt, 0.5).toMillis());
        assertEquals(Math.round(base * 0.75), policy.delay(attempt, 0.0).toMillis());
        assertTrue(policy.delay(attempt, 0.999).toMillis() <= Math.round(base * 1.25));
    }

    @Test
    void definitionRejectsAmbiguousSteps() {
        assertThrows(IllegalStateException.class, () -> SagaDefinition.<Data>saga("bad").step("x").build());
        assertThrows(IllegalStateException.class, () -> SagaDefinition.<Data>saga("bad")
                .step("x").invokeLocal((d, c) -> StepResult.success(d))
                .step("x").invokeLocal((d, c) -> StepResult.success(d))
                .build());
    }
}
