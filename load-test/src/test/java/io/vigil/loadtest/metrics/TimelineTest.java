package io.vigil.loadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final Instant START = Instant.parse("2026-12-06T06:00:00Z");

    @Test
    void eachArrivalCountsInTheSecondItWasIntendedFor() {
        Timeline t = new Timeline(START, Duration.ofSeconds(3), 50_000);
        t.answered(100_000_000L, 4_000);
        t.answered(1_500_000_000L, 70_000);
        t.answered(1_600_000_000L, 30_000);
        t.failed(2_999_999_999L);

        assertEquals(List.of(
                new Timeline.Second(0, START, 1, 0, 0, 4_000),
                new Timeline.Second(1, START.plusSeconds(1), 2, 1, 0, 70_000),
                new Timeline.Second(2, START.plusSeconds(2), 0, 0, 1, 0)), t.seconds());
    }

    @Test
    void theWorstSecondsAreThoseWithTheMostArrivalsFailedOrSlowAndOnlyThose() {
        Timeline t = new Timeline(START, Duration.ofSeconds(4), 50_000);
        t.answered(0, 60_000);
        t.failed(2_100_000_000L);
        t.failed(2_200_000_000L);
        t.answered(2_300_000_000L, 90_000);
        t.answered(3_000_000_000L, 10_000);

        assertEquals(List.of(2, 0), Timeline.worst(t.seconds(), 5).stream().map(Timeline.Second::second).toList());
        assertEquals(List.of(2), Timeline.worst(t.seconds(), 1).stream().map(Timeline.Second::second).toList());
        assertEquals(3, Timeline.worst(t.seconds(), 1).getFirst().missed());
    }

    @Test
    void aSecondOnTheMinuteShowsItsSeconds() {
        assertEquals("06:40:00", new Timeline.Second(0, Instant.parse("2026-12-06T06:40:00.250Z"), 0, 0, 0, 0).clock());
        assertEquals("06:00:01", new Timeline(START, Duration.ofSeconds(2), 50_000).seconds().get(1).clock());
    }

    @Test
    void anArrivalAnsweredAfterTheScheduleEndedStillCountsInItsLastSecond() {
        Timeline t = new Timeline(START, Duration.ofMillis(1_500), 50_000);
        t.answered(1_400_000_000L, 80_000);

        assertEquals(2, t.seconds().size());
        assertEquals(1, Timeline.worst(t.seconds(), 5).getFirst().second());
    }
}
