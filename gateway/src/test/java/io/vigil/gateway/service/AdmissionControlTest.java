package io.vigil.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AdmissionControl admission = new AdmissionControl(2, Duration.ofSeconds(2), registry);

    @Test
    void beyondTheLimitASubmissionIsRefusedWith503AndRetryAfterWithoutRunningItsWork() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        AtomicInteger started = new AtomicInteger();
        subscribe(() -> work(first, started));
        subscribe(() -> work(second, started));

        UniAssertSubscriber<String> third = subscribe(() -> work(new CompletableFuture<>(), started));

        ApiException refused = assertInstanceOf(ApiException.class, third.getFailure());
        assertEquals(503, refused.problem().status());
        assertEquals(Duration.ofSeconds(2), refused.retryAfter());
        assertEquals(2, started.get(), "the refused submission's work never ran");
        assertEquals(1.0, registry.get("vigil.gateway.admission.refused").counter().count());
        assertEquals(2.0, registry.get("vigil.gateway.in.flight").gauge().value());
    }

    @Test
    void aSlotIsFreedWhenWorkSucceedsFailsOrIsCancelled() {
        CompletableFuture<String> succeeds = new CompletableFuture<>();
        CompletableFuture<String> fails = new CompletableFuture<>();
        AtomicInteger started = new AtomicInteger();
        UniAssertSubscriber<String> ok = subscribe(() -> work(succeeds, started));
        subscribe(() -> work(fails, started));

        succeeds.complete("decision");
        fails.completeExceptionally(new IllegalStateException("upstream down"));
        assertEquals("decision", ok.getItem());
        assertEquals(0, admission.inFlight());

        UniAssertSubscriber<String> cancelled = subscribe(() -> work(new CompletableFuture<>(), started));
        subscribe(() -> work(new CompletableFuture<>(), started));
        cancelled.cancel();
        UniAssertSubscriber<String> admitted = subscribe(() -> work(new CompletableFuture<>(), started));

        assertNull(admitted.getFailure(), "the cancelled submission's slot went to the next one");
        assertEquals(2, admission.inFlight());
    }

    @Test
    void workThatThrowsBeforeReturningStillGivesItsSlotBack() {
        UniAssertSubscriber<String> failed = subscribe(() -> {
            throw ApiException.invalid("bad", List.of());
        });

        assertTrue(failed.getFailure() instanceof ApiException);
        assertEquals(0, admission.inFlight());
    }

    private UniAssertSubscriber<String> subscribe(Supplier<Uni<String>> work) {
        return admission.admit(work).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    private static Uni<String> work(CompletableFuture<String> result, AtomicInteger started) {
        started.incrementAndGet();
        return Uni.createFrom().completionStage(result);
    }
}
