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

class WriteCoalescerTest {

    /**
     * A statement that answers only when the test says so; each item's result is the item upper-cased, and a
     * "bad" item fails the whole statement.
     */
    private final List<List<String>> statements = new ArrayList<>();
    private final List<CompletableFuture<Void>> answers = new ArrayList<>();
    private final WriteCoalescer<String, String> coalescer = new WriteCoalescer<>(items -> {
        statements.add(items);
        CompletableFuture<Void> answer = new CompletableFuture<>();
        answers.add(answer);
        return Uni.createFrom().completionStage(answer).map(done -> {
            if (items.contains("bad")) {
                throw new IllegalArgumentException("bad row");
            }
            return items.stream().map(String::toUpperCase).toList();
        });
    }, item -> item.substring(0, 1), 3);

    @Test
    void aWriteWithNoneRunningGoesAtOnceAndAlone() {
        AtomicReference<String> result = write("a1");

        assertEquals(List.of(List.of("a1")), statements);
        answer(0);
        assertEquals("A1", result.get());
    }

    @Test
    void writesArrivingWhileOneRunsShareTheNextStatement() {
        AtomicReference<String> first = write("a1");
        AtomicReference<String> second = write("b1");
        AtomicReference<String> third = write("c1");
        assertEquals(1, statements.size(), "the later writes wait for the running one");

        answer(0);

        assertEquals(List.of("b1", "c1"), statements.get(1));
        answer(1);
        assertEquals(List.of("A1", "B1", "C1"), List.of(first.get(), second.get(), third.get()));
    }

    @Test
    void aStatementCarriesAtMostTheBatchLimit() {
        write("a1");
        for (String item : List.of("b1", "c1", "d1", "e1")) {
            write(item);
        }

        answer(0);
        answer(1);

        assertEquals(List.of(List.of("a1"), List.of("b1", "c1", "d1"), List.of("e1")), statements);
    }

    @Test
    void writesWithTheSameKeyNeverShareAStatement() {
        write("x0");
        write("a1");
        write("a2");
        write("b1");

        answer(0);

        assertEquals(List.of("a1", "b1"), statements.get(1), "a2 waits for the next statement");
        answer(1);
        assertEquals(List.of("a2"), statements.get(2));
    }

    @Test
    void aFailedSharedStatementIsRetriedOneByOneSoOnlyTheBadWriteFails() {
        write("x0");
        AtomicReference<String> good = write("a1");
        AtomicReference<Throwable> badFailure = new AtomicReference<>();
        coalescer.write("bad").subscribe().with(item -> {}, badFailure::set);
        AtomicReference<String> other = write("c1");
        answer(0);

        answer(1);

        assertEquals(List.of(List.of("a1"), List.of("bad"), List.of("c1")), statements.subList(2, 5));
        answers.subList(2, 5).forEach(answer -> answer.complete(null));
        assertEquals("A1", good.get());
        assertEquals("C1", other.get());
        assertEquals("bad row", badFailure.get().getMessage());
        write("d1");
        assertEquals(List.of("d1"), statements.get(5), "the coalescer goes on after a failure");
    }

    @Test
    void aSharedStatementThatCouldNotReachTheDatabaseFailsItsWritesWithoutTryingEachAgain() {
        List<List<String>> sent = new ArrayList<>();
        CompletableFuture<Void> refused = new CompletableFuture<>();
        WriteCoalescer<String, String> unreachable = new WriteCoalescer<>(items -> {
            sent.add(items);
            return Uni.createFrom().completionStage(refused).replaceWith(items);
        }, item -> item, 3);
        List<Throwable> failures = new ArrayList<>();
        for (String item : List.of("a", "b", "c")) {
            unreachable.write(item).subscribe().with(ignored -> {}, failures::add);
        }

        refused.completeExceptionally(new ConnectException("Connection refused"));

        assertEquals(List.of(List.of("a"), List.of("b", "c")), sent);
        assertEquals(3, failures.size());
    }

    @Test
    void aWriteWhoseCallerLeftBeforeItsTurnIsNotSent() {
        write("x0");
        Cancellable gone = coalescer.write("a1").subscribe().with(item -> {});
        write("b1");
        gone.cancel();

        answer(0);

        assertEquals(List.of("b1"), statements.get(1));
    }

    @Test
    void aStatementReturningTheWrongNumberOfResultsFailsItsWritesInsteadOfHanging() {
        WriteCoalescer<String, String> broken = new WriteCoalescer<>(
                items -> Uni.createFrom().item(List.of()), item -> item, 3);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        broken.write("a").subscribe().with(item -> {}, failure::set);

        assertTrue(failure.get() instanceof IllegalStateException);
        AtomicReference<Throwable> next = new AtomicReference<>();
        broken.write("b").subscribe().with(item -> {}, next::set);
        assertNotNull(next.get(), "the next write is sent, not stuck behind the broken one");
    }

    private AtomicReference<String> write(String item) {
        AtomicReference<String> result = new AtomicReference<>();
        coalescer.write(item).subscribe().with(result::set);
        return result;
    }

    private void answer(int statement) {
        answers.get(statement).complete(null);
    }
}
