package io.vigil.loadtest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Decision;
import io.vigil.loadtest.messaging.DecisionSeen;
import io.vigil.loadtest.service.SagaTracker.SagaStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SagaTrackerTest {

    private final SagaTracker tracker = new SagaTracker("bench-x-0-");

    @Test
    void completionIsMeasuredFromTheIntendedSendTimeToThePublication() {
        tracker.sent("bench-x-0-1", 1_000_000_000L);
        tracker.answered("bench-x-0-1", Decision.APPROVE);

        assertTrue(tracker.offer(new DecisionSeen("bench-x-0-1", Decision.APPROVE, Decision.APPROVE, 1_000_042L)));

        SagaStats stats = tracker.stats();
        assertEquals(1, stats.completion().count());
        assertEquals(42_000, stats.completion().max(), 50);
        assertEquals(0, stats.missing());
    }

    @Test
    void reviewSagasAreCountedApartAndNotAwaited() throws InterruptedException {
        tracker.sent("bench-x-0-1", 0);
        tracker.answered("bench-x-0-1", Decision.REVIEW);
        tracker.sent("bench-x-0-2", 0);
        tracker.answered("bench-x-0-2", Decision.REVIEW);
        tracker.offer(new DecisionSeen("bench-x-0-2", Decision.DECLINE, Decision.REVIEW, 5_000));

        assertTrue(tracker.awaitDrained(Duration.ZERO));
        SagaStats stats = tracker.stats();
        assertEquals(2, stats.parkedForReview());
        assertEquals(1, stats.reviewResolved());
        assertEquals(0, stats.completion().count());
    }

    @Test
    void decisionsOfOtherStepsAreLeftToTheirOwnTracker() {
        assertFalse(tracker.offer(new DecisionSeen("bench-x-1-1", Decision.APPROVE, Decision.APPROVE, 1)));
        assertFalse(tracker.offer(new DecisionSeen("tx-1001", Decision.APPROVE, Decision.APPROVE, 1)));
    }

    @Test
    void aSagaWithoutDecisionIsReportedMissingAndAFailedRequestIsNotAwaitedButMeasuredIfDecided()
            throws InterruptedException {
        tracker.sent("bench-x-0-1", 0);
        tracker.answered("bench-x-0-1", Decision.DECLINE);
        tracker.sent("bench-x-0-2", 0);
        tracker.failed("bench-x-0-2");
        tracker.sent("bench-x-0-3", 0);
        tracker.failed("bench-x-0-3");
        tracker.offer(new DecisionSeen("bench-x-0-2", Decision.APPROVE, Decision.APPROVE, 7_000));
        tracker.offer(new DecisionSeen("bench-x-0-9", Decision.APPROVE, Decision.APPROVE, 1));

        assertFalse(tracker.awaitDrained(Duration.ofMillis(1)));
        SagaStats stats = tracker.stats();
        assertEquals(1, stats.missing(), "bench-x-0-1; bench-x-0-3 failed and was never decided");
        assertEquals(1, stats.completion().count(), "the timed-out request's saga completed after 7 s");
        assertEquals(7_000_000, stats.completion().max(), 7_000);
        assertEquals(1, stats.afterFailedRequest());
        assertEquals(1, stats.unexpected(), "a transaction the step never sent");
    }

    @Test
    void theRouterHandsEachDecisionToTheStepThatSentIt() {
        SagaTracker other = new SagaTracker("bench-x-1-");
        SagaRouter router = new SagaRouter();
        router.add(tracker);
        router.add(other);
        other.sent("bench-x-1-7", 0);
        other.answered("bench-x-1-7", Decision.APPROVE);

        router.accept(new DecisionSeen("bench-x-1-7", Decision.APPROVE, Decision.APPROVE, 3));

        assertEquals(1, other.stats().completion().count());
        assertEquals(0, tracker.stats().completion().count());
    }
}
