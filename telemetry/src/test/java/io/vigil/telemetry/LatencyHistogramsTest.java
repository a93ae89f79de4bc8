package io.vigil.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.junit.jupiter.api.Test;

class LatencyHistogramsTest {

    private final MeterFilter filter = new LatencyHistograms().latencyHistograms();

    private Boolean histogram(String name, Meter.Type type) {
        Meter.Id id = new Meter.Id(name, Tags.empty(), null, null, type);
        return filter.configure(id, DistributionStatisticConfig.NONE).isPercentileHistogram();
    }

    @Test
    void serverRequestsAndPlatformTimersPublishBuckets() {
        assertTrue(histogram("http.server.requests", Meter.Type.TIMER));
        assertTrue(histogram("vigil.saga.step", Meter.Type.TIMER));
    }

    @Test
    void otherMetersAreLeftAlone() {
        assertEquals(DistributionStatisticConfig.NONE.isPercentileHistogram(), histogram("jvm.gc.pause", Meter.Type.TIMER));
        assertEquals(DistributionStatisticConfig.NONE.isPercentileHistogram(), histogram("vigil.ml.score", Meter.Type.DISTRIBUTION_SUMMARY));
    }
}
