package io.vigil.database;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Lets concurrent requests share one statement, so one round trip (and for a write one commit) instead of one
 * each. A request starts at once when none of its kind is running; the requests that arrive while one runs wait
 * for it and then go together, up to {@code maxBatch}. An idle service therefore adds no wait, and a loaded one
 * sends fewer, larger statements: each statement costs PostgreSQL and the service wake-ups, executor start-up
 * and, for a write, a commit whatever it carries (docs/benchmarks.md, fifteenth, seventeenth and thirtieth
 * rounds).
 *
 * <p>Requests with the same key never share a statement, since an upsert may touch a row only once per
 * statement: the later one goes with the next. When a shared statement fails, its requests are tried again one
 * by one, so a bad row fails only its own request; when the database is out of reach they all fail at once. A
 * request whose caller has gone before its turn is not sent. Each result is delivered on the Vert.x context that
 * submitted the request, as the SQL client itself does.
 *
 * @param <I> one request
 * @param <O> its result
 */
public final class StatementCoalescer<I, O> {

    private final Function<List<I>, Uni<List<O>>> statement;
    private final Function<I, Object> key;
    private final int maxBatch;
    private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
    private boolean running;

    /**
     * @param statement runs its items in one statement; the results in the order of the items
     * @param key what two requests must not share a statement for
     */
    public StatementCoalescer(Function<List<I>, Uni<List<O>>> statement, Function<I, Object> key, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.statement = statement;
        this.key = key;
        this.maxBatch = maxBatch;
    }

    /** Runs the item, alone or with the others waiting; its own result. */
    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> {
            Pending<I, O> pending = new Pending<>(item, emitter, Vertx.currentContext(), new AtomicBoolean());
            // before its turn, only a cancellation can end it; after, the flag is never read again
            emitter.onTermination(() -> pending.ended().set(true));
            synchronized (this) {
                queue.add(pending);
            }
            runNext();
        });
    }

    private void runNext() {
        List<Pending<I, O>> batch;
        synchronized (this) {
            if (running) {
                return;
            }
            batch = take();
            if (batch.isEmpty()) {
                return;
            }
            running = true;
        }
        Uni.createFrom().deferred(() -> statement.apply(batch.stream().map(Pending::item).toList()))
                .subscribe().with(results -> {
                    try {
                        deliver(batch, results);
                    } finally {
                        finished();
                    }
                }, failure -> {
                    if (batch.size() == 1 || DatabaseFailures.unavailable(failure)) {
                        batch.forEach(pending -> pending.fail(failure));
                        finished();
                    } else {
                        oneByOne(batch);
                    }
                });
    }

    private static <I, O> void deliver(List<Pending<I, O>> batch, List<O> results) {
        if (results.size() != batch.size()) {
            IllegalStateException wrong = new IllegalStateException(
                    results.size() + " results for a statement of " + batch.size() + " requests");
            batch.forEach(pending -> pending.fail(wrong));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }

    /** The oldest waiting requests, at most one per key; cancelled ones are dropped. */
    private List<Pending<I, O>> take() {
        List<Pending<I, O>> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        Set<Object> keys = new HashSet<>();
        for (Iterator<Pending<I, O>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
            Pending<I, O> next = it.next();
            if (next.ended().get()) {
                it.remove();
            } else if (keys.add(key.apply(next.item()))) {
                it.remove();
                batch.add(next);
            }
        }
        return batch;
    }

    private void oneByOne(List<Pending<I, O>> batch) {
        List<Uni<Void>> alone = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            alone.add(Uni.createFrom().deferred(() -> statement.apply(List.of(pending.item())))
                    .onItemOrFailure().transform((results, failure) -> {
                        if (failure != null) {
                            pending.fail(failure);
                        } else {
                            pending.complete(results.getFirst());
                        }
                        return null;
                    }));
        }
        Uni.join().all(alone).andCollectFailures().subscribe().with(done -> finished(), failure -> finished());
    }

    private void finished() {
        synchronized (this) {
            running = false;
        }
        runNext();
    }

    private record Pending<I, O>(I item, UniEmitter<? super O> emitter, Context context, AtomicBoolean ended) {

        void complete(O result) {
            onContext(() -> emitter.complete(result));
        }

        void fail(Throwable failure) {
            onContext(() -> emitter.fail(failure));
        }

        private void onContext(Runnable action) {
            if (context == null || context == Vertx.currentContext()) {
                action.run();
            } else {
                context.runOnContext(ignored -> action.run());
            }
        }
    }
}
