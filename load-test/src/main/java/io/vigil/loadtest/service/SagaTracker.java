package io.vigil.loadtest.service;

import io.vigil.contracts.Decision;
import io.vigil.loadtest.messaging.DecisionSeen;
import io.vigil.loadtest.metrics.LatencyStats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Matches the decisions published on {@code vigil.decisions} to the transactions of one step and measures saga
 * completion: from the request's intended send time to the decision's publication.
 *
 * <p>A transaction scored REVIEW parks its saga until an analyst resolves the case, so it is counted apart and not
 * waited for; a decision whose scored decision was REVIEW (resolved during the run, e.g. by a time-out policy) is
 * counted apart too, as its latency measures the analyst, not the platform.
 */
public final class SagaTracker {

    private final String idPrefix;
    private final Map<String, Long> awaiting = new ConcurrentHashMap<>();
    /** Requests that failed on the client side (a timeout, say): the platform may still decide them. */
    private final Map<String, Long> failed = new ConcurrentHashMap<>();
    private final Histogram histogram = LatencyStats.newHistogram();
    private final LongAdder parkedForReview = new LongAdder();
    private final LongAdder reviewResolved = new LongAdder();
    private final LongAdder afterFailedRequest = new LongAdder();
    private final LongAdder unexpected = new LongAdder();

    /** @param idPrefix prefix of every transaction id of this step */
    public SagaTracker(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    /** The step will send this transaction, intended at the given instant. */
    public void sent(String transactionId, long intendedEpochMicros) {
        awaiting.put(transactionId, intendedEpochMicros);
    }

    /** The synchronous answer arrived: a REVIEW parks its saga, anything else is awaited on the topic. */
    public void answered(String transactionId, Decision decision) {
        if (decision == Decision.REVIEW && awaiting.remove(transactionId) != null) {
            parkedForReview.increment();
        }
    }

    /**
     * The request failed: its saga, if any, is not awaited, but measured if its decision comes: the requests a
     * client gives up on are the slowest, and leaving their sagas out would flatter the percentiles.
     */
    public void failed(String transactionId) {
        Long intended = awaiting.remove(transactionId);
        if (intended != null) {
            failed.put(transactionId, intended);
        }
    }

    /** Takes a decision if it belongs to this step; returns whether it did. */
    public boolean offer(DecisionSeen seen) {
        if (!seen.transactionId().startsWith(idPrefix)) {
            return false;
        }
        Long intended = awaiting.remove(seen.transactionId());
        if (intended == null) {
            intended = failed.remove(seen.transactionId());
            if (intended != null && seen.scoredDecision() != Decision.REVIEW) {
                afterFailedRequest.increment();
            }
        }
        if (seen.scoredDecision() == Decision.REVIEW) {
            reviewResolved.increment();
        } else if (intended == null) {
            unexpected.increment();
        } else {
            long micros = Math.max(1, seen.publishedEpochMillis() * 1000 - intended);
            synchronized (histogram) {
                histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
            }
        }
        return true;
    }

    /** Waits until every awaited decision arrived or the time is up; returns whether none is left. */
    public boolean awaitDrained(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!awaiting.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return awaiting.isEmpty();
    }

    public SagaStats stats() {
        LatencyStats latency;
        synchronized (histogram) {
            latency = LatencyStats.of(histogram);
        }
        return new SagaStats(latency, parkedForReview.sum(), reviewResolved.sum(), awaiting.size(),
                afterFailedRequest.sum(), unexpected.sum());
    }

    /**
     * @param completion from intended send to publication, for sagas that did not park
     * @param parkedForReview answered REVIEW, not awaited
     * @param reviewResolved REVIEW sagas whose decision was published during the step
     * @param missing answered, not REVIEW, and no decision seen before the drain time ran out
     * @param afterFailedRequest of the completions, those of requests that had failed on the client side
     * @param unexpected decisions of this step for transactions it did not send
     */
    public record SagaStats(LatencyStats completion, long parkedForReview, long reviewResolved, long missing,
            long afterFailedRequest, long unexpected) {

        public static final SagaStats NOT_MEASURED = new SagaStats(LatencyStats.EMPTY, 0, 0, 0, 0, 0);
    }
}
