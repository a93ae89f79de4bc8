package io.vigil.enrichment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.Collections;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SentRowsTest {

    private final List<List<Long>> statements = Collections.synchronizedList(new ArrayList<>());
    private final List<UniEmitter<? super Void>> running = new ArrayList<>();
    private final Function<List<Long>, Uni<Void>> deleteSent = ids -> {
        statements.add(List.copyOf(ids));
        return Uni.createFrom().emitter(running::add);
    };
    private final SentRows rows = new SentRows(deleteSent, Runnable::run);

    @Test
    void aLoneAcknowledgementIsWrittenAtOnce() {
        rows.acknowledged(List.of(1L));

        assertEquals(List.of(List.of(1L)), statements);
    }

    @Test
    void acknowledgementsArrivingDuringADeleteShareTheNextOne() {
        rows.acknowledged(List.of(1L));
        rows.acknowledged(List.of(2L));
        rows.acknowledged(List.of(3L, 4L));
        assertEquals(1, statements.size(), "one DELETE at a time");

        running.getFirst().complete(null);

        assertEquals(List.of(List.of(1L), List.of(2L, 3L, 4L)), statements);
    }

    @Test
    void aFailedDeleteDoesNotStopLaterOnes() {
        rows.acknowledged(List.of(1L));
        rows.acknowledged(List.of(2L));
        running.getFirst().fail(new IllegalStateException("database down"));

        assertEquals(List.of(List.of(1L), List.of(2L)), statements);
    }

    @Test
    void acknowledgementsWithinTheLingerShareOneDelete() {
        List<Runnable> lingering = new ArrayList<>();
        SentRows lingered = new SentRows(deleteSent, lingering::add);

        lingered.acknowledged(List.of(1L));
        lingered.acknowledged(List.of(2L));
        lingered.acknowledged(List.of(3L, 4L));
        assertEquals(List.of(), statements, "nothing written before the linger has passed");
        assertEquals(1, lingering.size(), "one write waits");

        lingering.getFirst().run();

        assertEquals(List.of(List.of(1L, 2L, 3L, 4L)), statements);
    }

    @Test
    void aRealLingerWritesOnItsOwn() throws InterruptedException {
        SentRows lingered = SentRows.lingering(deleteSent, Duration.ofMillis(20));

        lingered.acknowledged(List.of(7L));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (statements.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of(List.of(7L)), statements);
    }

    @Test
    void aBacklogIsWrittenInBoundedStatements() {
        rows.acknowledged(List.of(0L));
        rows.acknowledged(LongStream.rangeClosed(1, SentRows.MAX_BATCH + 5).boxed().toList());
        running.getFirst().complete(null);
        running.get(1).complete(null);

        assertEquals(3, statements.size());
        assertEquals(SentRows.MAX_BATCH, statements.get(1).size());
        assertEquals(5, statements.get(2).size());
    }
}
