package io.vigil.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    private static final Duration MAX_WAIT = Duration.ofMillis(200);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger started = new AtomicInteger();
    private final List<Timer> timers = new ArrayList<>();
    private final List<Runnable> turns = new ArrayList<>();
    private long now;

    /** Turns wait until the test lets them run, as they would wait for their own event loop. */
    private final AdmissionControl.Origin origin = new AdmissionControl.Origin() {
        @Override
        public void run(Runnable task) {
            turns.add(task);
        }

        @Override
        public void after(long delayNanos, Runnable task) {
            timers.add(new Timer(now + delayNanos, task));
        }
    };

    private AdmissionControl admission(int limit, int maxQueued) {
        return new AdmissionControl(limit, maxQueued, MAX_WAIT, Duration.ofSeconds(2), registry, () -> now,
                () -> origin);
    }

    @Test
    void withNoRoomToWaitASubmissionBeyondTheLimitIsRefusedWith503AndRetryAfterWithoutRunningItsWork() {
        AdmissionControl admission = admission(2, 0);
        subscribe(admission, new CompletableFuture<>());
        subscribe(admission, new CompletableFuture<>());

        UniAssertSubscriber<String> third = subscribe(admission, new CompletableFuture<>());

        ApiException refused = assertInstanceOf(ApiException.class, third.getFailure());
        assertEquals(503, refused.problem().status());
        assertEquals(Duration.ofSeconds(2), refused.retryAfter());
        assertEquals(2, started.get(), "the refused submission's work never ran");
        assertTrue(admission.refuseAtTheDoor(), "the next one is refused before its token is checked");
        assertEquals(2.0, registry.get("vigil.gateway.admission.refused").counter().count());
        assertEquals(2.0, registry.get("vigil.gateway.in.flight").gauge().value());
    }

    @Test
    void aSubmissionThatFindsEverySlotTakenWaitsAndRunsOnItsOwnContextWhenOneIsFreed() {
        AdmissionControl admission = admission(1, 4);
        CompletableFuture<String> first = new CompletableFuture<>();
        subscribe(admission, first);

        UniAssertSubscriber<String> waiting = subscribe(admission, CompletableFuture.completedFuture("second"));
        assertFalse(admission.refuseAtTheDoor(), "a stall is not overload: the door stays open");
        assertEquals(1, started.get());
        assertEquals(1.0, registry.get("vigil.gateway.admission.waiting").gauge().value());

        now += MAX_WAIT.toNanos() - 1;
        first.complete("first");
        assertEquals(1, started.get(), "the slot is handed over on the waiter's own context");
        runTurns();

        assertEquals("second", waiting.getItem());
        assertEquals(2, started.get());
        assertEquals(0, admission.inFlight());
        fireDueTimers();
        assertEquals(0.0, registry.get("vigil.gateway.admission.refused").counter().count());
        assertEquals(1.0, registry.get("vigil.gateway.admission.queued").counter().count());
    }

    @Test
    void aWaitThatRunsOutIsOverloadTheGatewayShedsUntilItHasRefusedNothingForTheLongestWait() {
        AdmissionControl admission = admission(1, 4);
        CompletableFuture<String> first = new CompletableFuture<>();
        subscribe(admission, first);
        UniAssertSubscriber<String> waiting = subscribe(admission, new CompletableFuture<>());

        now += MAX_WAIT.toNanos();
        fireDueTimers();
        runTurns();

        assertEquals(503, assertInstanceOf(ApiException.class, waiting.getFailure()).problem().status());
        assertEquals(1, started.get(), "the waiter's work never ran");
        assertTrue(admission.shedding());
        assertTrue(admission.refuseAtTheDoor(), "while shedding, a submission without a slot is refused at once");
        assertInstanceOf(ApiException.class, subscribe(admission, new CompletableFuture<>()).getFailure());

        first.complete("first");
        now += MAX_WAIT.toNanos() / 2;
        assertNull(subscribe(admission, new CompletableFuture<>()).getFailure(),
                "a free slot is taken even while shedding");
        now += MAX_WAIT.toNanos() / 4;
        assertTrue(admission.refuseAtTheDoor(), "refusals keep the gateway shedding");
        now += MAX_WAIT.toNanos() - 1;
        assertTrue(admission.shedding());

        now += 1;
        assertFalse(admission.shedding(), "nothing refused for the longest wait: a stall may wait again");
        subscribe(admission, new CompletableFuture<>());
        assertEquals(1, admission.waiting());
        assertEquals(4.0, registry.get("vigil.gateway.admission.refused").counter().count());
    }

    @Test
    void aWaitThatRanOutIsOverloadEvenWhenItsTimerIsLateAsOnAnOverloadedEventLoop() {
        AdmissionControl admission = admission(1, 4);
        CompletableFuture<String> first = new CompletableFuture<>();
        subscribe(admission, first);
        UniAssertSubscriber<String> late = subscribe(admission, new CompletableFuture<>());
        UniAssertSubscriber<String> queuedAsLong = subscribe(admission, new CompletableFuture<>());
        now += MAX_WAIT.toNanos() / 2;
        UniAssertSubscriber<String> next = subscribe(admission, CompletableFuture.completedFuture("next"));
        now += MAX_WAIT.toNanos() / 2;

        assertTrue(admission.refuseAtTheDoor(), "the oldest waiter's wait ran out: the door sheds");
        first.complete("first");
        runTurns();

        assertInstanceOf(ApiException.class, late.getFailure());
        assertInstanceOf(ApiException.class, queuedAsLong.getFailure(), "its wait ran out too");
        assertEquals("next", next.getItem(), "the slot went to the first waiter still in time");
        assertEquals(0, admission.inFlight());
        assertEquals(3.0, registry.get("vigil.gateway.admission.refused").counter().count());
    }

    @Test
    void aFullQueueRefusesAtTheDoor() {
        AdmissionControl admission = admission(1, 2);
        subscribe(admission, new CompletableFuture<>());
        subscribe(admission, new CompletableFuture<>());
        subscribe(admission, new CompletableFuture<>());

        assertTrue(admission.refuseAtTheDoor());
        assertInstanceOf(ApiException.class, subscribe(admission, new CompletableFuture<>()).getFailure());
        assertEquals(2, admission.waiting());
    }

    @Test
    void aSlotIsFreedWhenWorkSucceedsFailsOrIsCancelled() {
        AdmissionControl admission = admission(2, 0);
        CompletableFuture<String> succeeds = new CompletableFuture<>();
        CompletableFuture<String> fails = new CompletableFuture<>();
        UniAssertSubscriber<String> ok = subscribe(admission, succeeds);
        subscribe(admission, fails);

        succeeds.complete("decision");
        fails.completeExceptionally(new IllegalStateException("upstream down"));
        assertEquals("decision", ok.getItem());
        assertEquals(0, admission.inFlight());

        UniAssertSubscriber<String> cancelled = subscribe(admission, new CompletableFuture<>());
        subscribe(admission, new CompletableFuture<>());
        cancelled.cancel();
        UniAssertSubscriber<String> admitted = subscribe(admission, new CompletableFuture<>());

        assertNull(admitted.getFailure(), "the cancelled submission's slot went to the next one");
        assertEquals(2, admission.inFlight());
    }

    @Test
    void aWaiterCancelledBeforeItsTurnLeavesTheQueueAndOneCancelledAfterItPassesTheSlotOn() {
        AdmissionControl admission = admission(1, 4);
        CompletableFuture<String> first = new CompletableFuture<>();
        subscribe(admission, first);
        UniAssertSubscriber<String> gone = subscribe(admission, new CompletableFuture<>());
        UniAssertSubscriber<String> handedButGone = subscribe(admission, new CompletableFuture<>());
        UniAssertSubscriber<String> last = subscribe(admission, CompletableFuture.completedFuture("last"));

        gone.cancel();
        assertEquals(2, admission.waiting());
        first.complete("first");
        handedButGone.cancel();
        runTurns();

        assertEquals("last", last.getItem());
        assertEquals(2, started.get(), "only the first and the last ran");
        assertEquals(0, admission.inFlight());
        assertEquals(0, admission.waiting());
    }

    @Test
    void workThatThrowsBeforeReturningStillGivesItsSlotBack() {
        AdmissionControl admission = admission(1, 0);
        UniAssertSubscriber<String> failed = admission.<String>admit(() -> {
            throw ApiException.invalid("bad", List.of());
        }).subscribe().withSubscriber(UniAssertSubscriber.create());

        assertTrue(failed.getFailure() instanceof ApiException);
        assertEquals(0, admission.inFlight());
    }

    private UniAssertSubscriber<String> subscribe(AdmissionControl admission, CompletableFuture<String> result) {
        Supplier<Uni<String>> work = () -> {
            started.incrementAndGet();
            return Uni.createFrom().completionStage(result);
        };
        return admission.admit(work).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    private void runTurns() {
        while (!turns.isEmpty()) {
            turns.removeFirst().run();
        }
    }

    private void fireDueTimers() {
        List<Timer> due = timers.stream().filter(timer -> timer.due() <= now).toList();
        timers.removeAll(due);
        due.forEach(timer -> timer.task().run());
    }

    private record Timer(long due, Runnable task) {
    }
}
