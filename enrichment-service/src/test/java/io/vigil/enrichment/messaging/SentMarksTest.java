package io.vigil.enrichment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SentMarksTest {

    private final List<List<Long>> statements = new ArrayList<>();
    private final List<UniEmitter<? super Void>> running = new ArrayList<>();
    private final SentMarks marks = new SentMarks(ids -> {
        statements.add(List.copyOf(ids));
        return Uni.createFrom().emitter(running::add);
    });

    @Test
    void aLoneAcknowledgementIsWrittenAtOnce() {
        marks.acknowledged(List.of(1L));

        assertEquals(List.of(List.of(1L)), statements);
    }

    @Test
    void acknowledgementsArrivingDuringAnUpdateShareTheNextOne() {
        marks.acknowledged(List.of(1L));
        marks.acknowledged(List.of(2L));
        marks.acknowledged(List.of(3L, 4L));
        assertEquals(1, statements.size(), "one UPDATE at a time");

        running.getFirst().complete(null);

        assertEquals(List.of(List.of(1L), List.of(2L, 3L, 4L)), statements);
    }

    @Test
    void aFailedUpdateDoesNotStopLaterMarks() {
        marks.acknowledged(List.of(1L));
        marks.acknowledged(List.of(2L));
        running.getFirst().fail(new IllegalStateException("database down"));

        assertEquals(List.of(List.of(1L), List.of(2L)), statements);
    }

    @Test
    void aBacklogIsWrittenInBoundedStatements() {
        marks.acknowledged(List.of(0L));
        marks.acknowledged(LongStream.rangeClosed(1, SentMarks.MAX_BATCH + 5).boxed().toList());
        running.getFirst().complete(null);
        running.get(1).complete(null);

        assertEquals(3, statements.size());
        assertEquals(SentMarks.MAX_BATCH, statements.get(1).size());
        assertEquals(5, statements.get(2).size());
    }
}
