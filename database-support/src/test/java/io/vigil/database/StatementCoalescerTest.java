package io.vigil.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatementCoalescerTest {

    /**
     * A statement that answers only when the test says so; each item's result is the item upper-cased, and a
     * "bad" item fails the whole statement.
     */
    private final List<List<String>> statements = new ArrayList<>();
    private final List<CompletableFuture<Void>> answers = new ArrayList<>();
    private final StatementCoalescer<String, String> coalescer =
            new StatementCoalescer<>(this::statement, item -> item.substring(0, 1), 3);

    private Uni<List<String>> statement(List<String> items) {
        statements.add(items);
        CompletableFuture<Void> answer = new CompletableFuture<>();
        answers.add(answer);
        return Uni.createFrom().completionStage(answer).map(done -> {
            if (items.contains("bad")) {
                throw new IllegalArgumentException("bad row");
            }
            return items.stream().map(String::toUpperCase).toList();
        });
    }

    @Test
    void aRequestWithNoneRunningGoesAtOnceAndAlone() {
        AtomicReference<String> result = submit("a1");

        assertEquals(List.of(List.of("a1")), statements);
        answer(0);
        assertEquals("A1", result.get());
    }

    @Test
    void requestsArrivingWhileOneRunsShareTheNextStatement() {
        AtomicReference<String> first = submit("a1");
        AtomicReference<String> second = submit("b1");
        AtomicReference<String> third = submit("c1");
        assertEquals(1, statements.size(), "the later requests wait for the running one");

        answer(0);

        assertEquals(List.of("b1", "c1"), statements.get(1));
        answer(1);
        assertEquals(List.of("A1", "B1", "C1"), List.of(first.get(), second.get(), third.get()));
    }

    @Test
    void aStatementCarriesAtMostTheBatchLimit() {
        submit("a1");
        for (String item : List.of("b1", "c1", "d1", "e1")) {
            submit(item);
        }

        answer(0);
        answer(1);

        assertEquals(List.of(List.of("a1"), List.of("b1", "c1", "d1"), List.of("e1")), statements);
    }

    @Test
    void requestsWithTheSameKeyNeverShareAStatement() {
        submit("x0");
        submit("a1");
        submit("a2");
        submit("b1");

        answer(0);

        assertEquals(List.of("a1", "b1"), statements.get(1), "a2 waits for the next statement");
        answer(1);
        assertEquals(List.of("a2"), statements.get(2));
    }

    @Test
    void aFailedSharedStatementIsRetriedOneByOneSoOnlyTheBadRequestFails() {
        submit("x0");
        AtomicReference<String> good = submit("a1");
        AtomicReference<Throwable> badFailure = new AtomicReference<>();
        coalescer.submit("bad").subscribe().with(item -> {}, badFailure::set);
        AtomicReference<String> other = submit("c1");
        answer(0);

        answer(1);

        assertEquals(List.of(List.of("a1"), List.of("bad"), List.of("c1")), statements.subList(2, 5));
        answers.subList(2, 5).forEach(answer -> answer.complete(null));
        assertEquals("A1", good.get());
        assertEquals("C1", other.get());
        assertEquals("bad row", badFailure.get().getMessage());
        submit("d1");
        assertEquals(List.of("d1"), statements.get(5), "the coalescer goes on after a failure");
    }

    @Test
    void aSharedStatementThatCouldNotReachTheDatabaseFailsItsRequestsWithoutTryingEachAgain() {
        List<List<String>> sent = new ArrayList<>();
        CompletableFuture<Void> refused = new CompletableFuture<>();
        StatementCoalescer<String, String> unreachable = new StatementCoalescer<>(items -> {
            sent.add(items);
            return Uni.createFrom().completionStage(refused).replaceWith(items);
        }, item -> item, 3);
        List<Throwable> failures = new ArrayList<>();
        for (String item : List.of("a", "b", "c")) {
            unreachable.submit(item).subscribe().with(ignored -> {}, failures::add);
        }

        refused.completeExceptionally(new ConnectException("Connection refused"));

        assertEquals(List.of(List.of("a"), List.of("b", "c")), sent);
        assertEquals(3, failures.size());
    }

    @Test
    void aRequestWhoseCallerLeftBeforeItsTurnIsNotSent() {
        submit("x0");
        Cancellable gone = coalescer.submit("a1").subscribe().with(item -> {});
        submit("b1");
        gone.cancel();

        answer(0);

        assertEquals(List.of("b1"), statements.get(1));
    }

    @Test
    void aStatementReturningTheWrongNumberOfResultsFailsItsRequestsInsteadOfHanging() {
        StatementCoalescer<String, String> broken = new StatementCoalescer<>(
                items -> Uni.createFrom().item(List.of()), item -> item, 3);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        broken.submit("a").subscribe().with(item -> {}, failure::set);

        assertTrue(failure.get() instanceof IllegalStateException);
        AtomicReference<Throwable> next = new AtomicReference<>();
        broken.submit("b").subscribe().with(item -> {}, next::set);
        assertNotNull(next.get(), "the next request is sent, not stuck behind the broken one");
    }

    private AtomicReference<String> submit(String item) {
        AtomicReference<String> result = new AtomicReference<>();
        coalescer.submit(item).subscribe().with(result::set);
        return result;
    }

    private void answer(int statement) {
        answers.get(statement).complete(null);
    }
}
