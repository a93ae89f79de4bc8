package io.vigil.enrichment.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vigil.enrichment.service.EnrichmentMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    @SuppressWarnings("unchecked")
    void aDeadLetterTheBrokerRefusesForAWhileIsSentAgainUntilItTakesIt() {
        AtomicInteger attempts = new AtomicInteger();
        MutinyEmitter<String> emitter = mock(MutinyEmitter.class);
        when(emitter.sendMessage(any())).thenReturn(Uni.createFrom().deferred(() -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().failure(new TimeoutException("broker unreachable"))
                : Uni.createFrom().voidItem()));
        DeadLetters deadLetters = new DeadLetters(emitter, mock(MutinyEmitter.class),
                new EnrichmentMetrics(new SimpleMeterRegistry()));

        deadLetters.transaction("w-1", "{not json", "undeserializable").await().atMost(Duration.ofSeconds(30));

        assertEquals(3, attempts.get(), "two refusals, then sent: the consumer's channel never saw a failure");
    }
}
