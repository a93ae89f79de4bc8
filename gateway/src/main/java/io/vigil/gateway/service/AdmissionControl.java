package io.vigil.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vigil.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Bounds the submissions the gateway scores at once, and tells a stall from overload the way CoDel does
 * (Facebook's request queues, "Fail at scale", 2015): by how long its queue stays non-empty.
 * <ul>
 * <li>A submission that finds every slot taken waits for one, FIFO, for at most {@code max-queue-wait}. A stall
 * (a collection, a checkpoint, a slow statement) thus costs slow answers, not errors: with only the bound,
 * at 1,000 tx/s any stall longer than the 64 in-flight submissions' ~50 ms of headroom turned into 503s.</li>
 * <li>A waiter still without a slot at its deadline means the queue has not emptied for that long: overload.
 * The gateway then sheds: a submission that finds every slot taken is refused at once with 503 and
 * Retry-After, before it costs an upstream call, until nothing has been refused for {@code max-queue-wait}.
 * Without shedding an overloaded platform queues every request until nearly all time out (measured at 300
 * tx/s offered on the 2-core machine: 10 tx/s answered in time); with it the platform answers what it can
 * at full speed.</li>
 * </ul>
 */
@ApplicationScoped
public class AdmissionControl {

    private final int limit;
    private final int maxQueued;
    private final long maxWaitNanos;
    private final LongSupplier nanoTime;
    private final Supplier<Origin> origins;
    private final ApiException refusal;
    private final Counter refused;
    private final Counter queued;

    // guarded by this: while anyone waits, every slot is taken
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean shedding;
    private long lastRefusal;

    @Inject
    AdmissionControl(GatewayConfig config, MeterRegistry registry, Vertx vertx) {
        this(config.transactions().maxInFlight(), config.transactions().maxQueued(),
                config.transactions().maxQueueWait(), config.upstream().retryAfter(), registry, System::nanoTime,
                () -> Origin.of(vertx));
    }

    AdmissionControl(int limit, int maxQueued, Duration maxWait, Duration retryAfter, MeterRegistry registry,
            LongSupplier nanoTime, Supplier<Origin> origins) {
        this.limit = limit;
        this.maxQueued = maxQueued;
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoTime = nanoTime;
        this.origins = origins;
        // no stack trace and no suppression: one instance serves every refusal
        this.refusal = ApiException.retryLater(503, "Service Unavailable",
                "the gateway has more transactions than it can score in time (" + limit + " at once, "
                        + maxQueued + " waiting at most " + maxWait.toMillis() + " ms);"
                        + " retry with the same Idempotency-Key", retryAfter);
        this.refused = Counter.builder("vigil.gateway.admission.refused")
                .description("Submissions refused with 503: the queue was full, a wait ran out or the gateway shed")
                .register(registry);
        this.queued = Counter.builder("vigil.gateway.admission.queued")
                .description("Submissions that found every slot taken and waited for one")
                .register(registry);
        Gauge.builder("vigil.gateway.in.flight", this, AdmissionControl::inFlight)
                .description("Submissions being scored")
                .register(registry);
        Gauge.builder("vigil.gateway.admission.waiting", this, AdmissionControl::waiting)
                .description("Submissions waiting for a slot")
                .register(registry);
        Gauge.builder("vigil.gateway.admission.shedding", this, admission -> admission.shedding() ? 1 : 0)
                .description("1 while the gateway sheds load: its queue did not empty within the longest wait")
                .register(registry);
    }

    /**
     * Whether a submission arriving now is refused, counting the refusal if so. Lets the HTTP layer refuse
     * before it verifies a token or reads a body while the gateway sheds load or its queue is full; a
     * submission let through here may still be refused by {@link #admit}.
     */
    public boolean refuseAtTheDoor() {
        synchronized (this) {
            if (!refusesNow(nanoTime.getAsLong())) {
                return false;
            }
        }
        refused.increment();
        return true;
    }

    /** The 503 problem, with its Retry-After, that every refused submission gets. */
    public ApiException refusal() {
        return refusal;
    }

    /**
     * Runs the work in a slot: at once if one is free, after a wait if not (the work then runs on the
     * submission's own Vert.x context), or never: a 503. The slot is freed when the work ends however it
     * ends, or when the submission is cancelled while it waits.
     */
    public <T> Uni<T> admit(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Waiter waiter;
            synchronized (this) {
                long now = nanoTime.getAsLong();
                if (refusesNow(now)) {
                    waiter = null;
                } else if (inFlight < limit) {
                    inFlight++;
                    return run(work, new Slot());
                } else {
                    waiter = new Waiter(now, origins.get());
                    waiting.addLast(waiter);
                }
            }
            if (waiter == null) {
                refused.increment();
                return Uni.createFrom().failure(refusal);
            }
            queued.increment();
            waiter.origin.after(maxWaitNanos, () -> expire(waiter));
            return Uni.createFrom().completionStage(waiter.turn)
                    .onCancellation().invoke(() -> abandon(waiter))
                    .onItem().transformToUni(ignored -> run(work, waiter.slot));
        });
    }

    /**
     * Guarded by this: whether a submission arriving now is refused, recording the refusal if so. Shedding ends
     * once nothing was refused for the longest wait.
     */
    private boolean refusesNow(long now) {
        if (shedding && now - lastRefusal >= maxWaitNanos) {
            shedding = false;
        }
        if (inFlight < limit) {
            return false;
        }
        if (!waiting.isEmpty() && now - waiting.peekFirst().since >= maxWaitNanos) {
            // the deadline's timer runs on an event loop, late when that loop is overloaded: overload all the same
            shedding = true;
        }
        if (shedding || waiting.size() >= maxQueued) {
            lastRefusal = now;
            return true;
        }
        return false;
    }

    private <T> Uni<T> run(Supplier<Uni<T>> work, Slot slot) {
        Uni<T> admitted;
        try {
            admitted = work.get();
        } catch (RuntimeException e) {
            release(slot);
            throw e;
        }
        return admitted.onTermination().invoke(() -> release(slot));
    }

    /** Hands the slot to the longest waiter whose wait has not run out, or frees it. */
    private void release(Slot slot) {
        if (!slot.compareAndSet(false, true)) {
            return;
        }
        List<Waiter> late = null;
        Waiter next;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            while ((next = waiting.pollFirst()) != null && now - next.since >= maxWaitNanos) {
                late = late == null ? new ArrayList<>() : late;
                late.add(next);
                shedding = true;
                lastRefusal = now;
            }
            if (next == null) {
                inFlight--;
            } else {
                next.handed = true;
            }
        }
        if (late != null) {
            late.forEach(this::refuse);
        }
        if (next != null) {
            Waiter handed = next;
            handed.origin.run(() -> handed.turn.complete(null));
        }
    }

    /** The waiter's deadline: if it is still waiting, the queue has not emptied for the longest wait. */
    private void expire(Waiter waiter) {
        synchronized (this) {
            if (!waiting.remove(waiter)) {
                return;
            }
            shedding = true;
            lastRefusal = nanoTime.getAsLong();
        }
        refuse(waiter);
    }

    private void refuse(Waiter waiter) {
        refused.increment();
        waiter.origin.run(() -> waiter.turn.completeExceptionally(refusal));
    }

    /** The submission was cancelled (its client went away) before its work started. */
    private void abandon(Waiter waiter) {
        boolean handed;
        synchronized (this) {
            waiting.remove(waiter);
            handed = waiter.handed;
        }
        if (handed) {
            release(waiter.slot);
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    synchronized boolean shedding() {
        return shedding && nanoTime.getAsLong() - lastRefusal < maxWaitNanos;
    }

    /** Freed once, whichever of the work's end or the waiter's cancellation comes first. */
    private static final class Slot extends AtomicBoolean {
    }

    private static final class Waiter {
        final long since;
        final Origin origin;
        final CompletableFuture<Void> turn = new CompletableFuture<>();
        final Slot slot = new Slot();
        boolean handed; // guarded by the AdmissionControl

        Waiter(long since, Origin origin) {
            this.since = since;
            this.origin = origin;
        }
    }

    /**
     * Where a waiting submission came from: its turn and its deadline run there, so its request's trace and
     * state travel with it (callbacks carry no captured context here).
     */
    interface Origin {
        void run(Runnable task);

        void after(long delayNanos, Runnable task);

        static Origin of(Vertx vertx) {
            Context context = Vertx.currentContext();
            Context here = context != null ? context : vertx.getOrCreateContext();
            return new Origin() {
                @Override
                public void run(Runnable task) {
                    here.runOnContext(ignored -> task.run());
                }

                @Override
                public void after(long delayNanos, Runnable task) {
                    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos));
                    vertx.setTimer(millis, id -> here.runOnContext(ignored -> task.run()));
                }
            };
        }
    }
}
