package io.vigil.loadtest.report;

import static io.vigil.loadtest.report.Steps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineCsvTest {

    @Test
    void everySecondOfEveryStepIsARowWithItsWallClockTime() {
        List<String> lines = TimelineCsv.render(List.of(
                step("platform", 200, 12_340, Map.of("HTTP 503", 4L), true),
                step("hops", 400, 5_000, Map.of(), false))).lines().toList();

        assertEquals("target,offered_tx_s,second,at_utc,answered,failed,over_50_ms,max_ms", lines.getFirst());
        assertEquals(1 + 10 + 10, lines.size());
        assertEquals("platform,200,3,2026-12-06T05:50:03Z,90,4,1,80.0", lines.get(4));
        assertEquals("hops,400,9,2026-12-06T05:50:09Z,100,0,0,9.0", lines.getLast());
    }
}
