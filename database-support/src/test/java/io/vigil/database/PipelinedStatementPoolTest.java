package io.vigil.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vigil.testsupport.PostgresDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelinedStatementPoolTest {

    private static final int PIPELINING_LIMIT = 4;

    private PostgresDatabase database;
    private Vertx vertx;
    private Pool pool;

    @BeforeEach
    void start() throws Exception {
        database = PostgresDatabase.create("vigil_dbsupport");
        vertx = Vertx.vertx();
        PgConnectOptions options = PgConnectOptions.fromUri(database.reactiveUrl())
                .setUser(database.user())
                .setPassword(database.password())
                .setPipeliningLimit(PIPELINING_LIMIT);
        pool = PipelinedStatementPool.create(vertx, List.of(options), new PoolOptions().setMaxSize(3));
        await(pool.query("CREATE TABLE entry (id int PRIMARY KEY)").execute());
    }

    @AfterEach
    void stop() throws Exception {
        await(pool.close());
        await(vertx.close());
        database.drop();
    }

    @Test
    void concurrentStatementsShareOneBackendUpToThePipeliningLimit() throws Exception {
        assertEquals(1, backendsServing(PIPELINING_LIMIT));
    }

    @Test
    void statementsBeyondThePipeliningLimitOpenAnotherConnection() throws Exception {
        assertTrue(backendsServing(2 * PIPELINING_LIMIT) > 1);
    }

    @Test
    void aFailingStatementFailsAloneAmongThosePipelinedWithIt() throws Exception {
        Future<RowSet<Row>> first = pool.preparedQuery("INSERT INTO entry VALUES (10) RETURNING id").execute();
        Future<RowSet<Row>> duplicate = pool.preparedQuery("INSERT INTO entry VALUES (10) RETURNING id").execute();
        Future<RowSet<Row>> next = pool.preparedQuery("INSERT INTO entry VALUES (11) RETURNING id").execute();

        assertEquals(10, await(first).iterator().next().getInteger("id"));
        assertThrows(ExecutionException.class, () -> await(duplicate));
        assertEquals(11, await(next).iterator().next().getInteger("id"));
    }

    @Test
    void aTransactionWorksOnAConnectionOfItsOwnAndRollsBackAlone() throws Exception {
        int statementBackend = backendOf(await(pool.query("SELECT pg_backend_pid() AS pid").execute()));

        int transactionBackend = await(pool.withTransaction(conn -> conn.query("INSERT INTO entry VALUES (1)")
                .execute()
                .compose(inserted -> conn.query("SELECT pg_backend_pid() AS pid").execute())
                .map(PipelinedStatementPoolTest::backendOf)));
        assertNotEquals(statementBackend, transactionBackend);

        ExecutionException failed = assertThrows(ExecutionException.class, () -> await(pool.withTransaction(
                conn -> conn.query("INSERT INTO entry VALUES (2)").execute()
                        .compose(inserted -> conn.query("INSERT INTO entry VALUES (1)").execute()))));
        assertEquals("io.vertx.pgclient.PgException", failed.getCause().getClass().getName());

        RowSet<Row> committed = await(pool.query("SELECT id FROM entry ORDER BY id").execute());
        List<Integer> ids = new ArrayList<>();
        committed.forEach(row -> ids.add(row.getInteger("id")));
        assertEquals(List.of(1), ids);
    }

    /** How many PostgreSQL backends answer {@code statements} statements sent at once, each lasting 50 ms. */
    private int backendsServing(int statements) throws Exception {
        List<Future<RowSet<Row>>> answers = new ArrayList<>();
        for (int i = 0; i < statements; i++) {
            answers.add(pool.preparedQuery("SELECT pg_backend_pid() AS pid, pg_sleep(0.05)").execute());
        }
        Set<Integer> backends = new HashSet<>();
        for (Future<RowSet<Row>> answer : answers) {
            backends.add(backendOf(await(answer)));
        }
        return backends.size();
    }

    private static int backendOf(RowSet<Row> rows) {
        return rows.iterator().next().getInteger("pid");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
