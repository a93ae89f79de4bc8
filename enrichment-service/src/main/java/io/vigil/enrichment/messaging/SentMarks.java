package io.vigil.enrichment.messaging;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Marks acknowledged outbox rows sent with as few statements as the load allows: one UPDATE at a time,
 * and the rows acknowledged while it runs go together in the next one. At low load every
 * acknowledgement is written at once; at high load one commit covers hundreds of rows instead of one
 * commit each. A mark lost to a crash only means the sweep publishes that row once more (receivers
 * deduplicate).
 */
final class SentMarks {

    private static final Logger LOG = Logger.getLogger(SentMarks.class);
    static final int MAX_BATCH = 1000;

    private final Function<List<Long>, Uni<Void>> markSent;
    private final Queue<Long> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    SentMarks(Function<List<Long>, Uni<Void>> markSent) {
        this.markSent = markSent;
    }

    void acknowledged(List<Long> ids) {
        pending.addAll(ids);
        writeNext();
    }

    private void writeNext() {
        if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
            return;
        }
        List<Long> batch = new ArrayList<>();
        for (Long id = pending.poll(); id != null; id = batch.size() < MAX_BATCH ? pending.poll() : null) {
            batch.add(id);
        }
        Uni.createFrom().deferred(() -> markSent.apply(batch)).subscribe().with(
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
