package io.vigil.ml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Without a collector the packaged service records no span, yet every span still carries trace ids. */
@QuarkusTest
class TraceSamplingTest {

    @Inject
    Tracer tracer;

    @Test
    void withoutACollectorSpansAreNotRecordedButCarryTraceIds() {
        Span span = tracer.spanBuilder("probe").startSpan();
        assertFalse(span.isRecording());
        assertTrue(span.getSpanContext().isValid());
    }
}
