package io.vigil.enrichment.messaging;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Deletes acknowledged outbox rows with as few statements as the load allows: one DELETE at a time,
 * written a linger after the first acknowledgement it carries, and the rows acknowledged meanwhile or
 * while it runs go together. Without the linger, acknowledgements arriving one by one at 100 tx/s
 * cost a statement and a commit each (1.7 per transaction measured); with it one commit covers every
 * row of the linger. Deletes are off the request path and the sweep leaves rows younger than its
 * min-age alone, so the linger only has to stay well below that. A delete lost to a crash only means
 * the sweep publishes that row once more (receivers deduplicate).
 */
final class SentRows {

    private static final Logger LOG = Logger.getLogger(SentRows.class);
    static final int MAX_BATCH = 1000;

    private final Function<List<Long>, Uni<Void>> deleteSent;
    private final Consumer<Runnable> afterLinger;
    private final Queue<Long> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    /** @param afterLinger runs the write once the linger has passed */
    SentRows(Function<List<Long>, Uni<Void>> deleteSent, Consumer<Runnable> afterLinger) {
        this.deleteSent = deleteSent;
        this.afterLinger = afterLinger;
    }

    static SentRows lingering(Function<List<Long>, Uni<Void>> deleteSent, Duration linger) {
        if (linger.isZero()) {
            return new SentRows(deleteSent, Runnable::run);
        }
        return new SentRows(deleteSent, write -> Uni.createFrom().voidItem().onItem().delayIt().by(linger)
                .subscribe().with(done -> write.run()));
    }

    void acknowledged(List<Long> ids) {
        pending.addAll(ids);
        writeNext();
    }

    private void writeNext() {
        if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
            return;
        }
        afterLinger.accept(this::write);
    }

    private void write() {
        List<Long> batch = new ArrayList<>();
        for (Long id = pending.poll(); id != null; id = batch.size() < MAX_BATCH ? pending.poll() : null) {
            batch.add(id);
        }
        Uni.createFrom().deferred(() -> deleteSent.apply(batch)).subscribe().with(
                done -> finished(),
                failure -> {
                    LOG.debugf("%d sent outbox rows left to the sweep: %s", batch.size(), failure);
                    finished();
                });
    }

    private void finished() {
        writing.set(false);
        writeNext();
    }
}
