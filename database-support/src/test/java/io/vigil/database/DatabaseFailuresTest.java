package io.vigil.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vigil.testsupport.PostgresDatabase;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which failures the consumers wait out (DatabasePatience) instead of counting them against the record. */
class DatabaseFailuresTest {

    private PostgresDatabase database;
    private Vertx vertx;

    @BeforeEach
    void start() {
        database = PostgresDatabase.create("vigil_dbfailures");
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
        database.drop();
    }

    @Test
    void aTransactionThatWaitedThePoolsConnectionTimeoutForAConnectionIsUnavailable() throws Exception {
        Pool pool = pool(PgConnectOptions.fromUri(database.reactiveUrl()), oneConnectionWaitedForOneSecond());
        SqlConnection hung = await(pool.getConnection());

        Throwable failure = failureOf(pool.withTransaction(conn -> conn.query("SELECT 1").execute()));

        assertEquals(DatabaseFailures.CONNECTION_WAIT_TIMEOUT, failure.getMessage());
        assertTrue(DatabaseFailures.unavailable(failure));
        await(hung.close());
        await(pool.close());
    }

    @Test
    void aStatementThatWaitedThePoolsConnectionTimeoutForAConnectionIsUnavailable() throws Exception {
        Pool pool = pool(PgConnectOptions.fromUri(database.reactiveUrl()).setPipeliningLimit(1),
                oneConnectionWaitedForOneSecond());
        Future<?> hung = pool.query("SELECT pg_sleep(2)").execute();

        Throwable failure = failureOf(pool.query("SELECT 1").execute());

        assertEquals(DatabaseFailures.STATEMENT_WAIT_TIMEOUT, failure.getMessage());
        assertTrue(DatabaseFailures.unavailable(failure));
        await(hung);
        await(pool.close());
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Pool pool = pool(PgConnectOptions.fromUri(database.reactiveUrl()).setPort(closedPort), new PoolOptions());

        assertTrue(DatabaseFailures.unavailable(failureOf(pool.query("SELECT 1").execute())));
        await(pool.close());
    }

    @Test
    void aStatementTheDatabaseRefusesIsNotUnavailable() throws Exception {
        Pool pool = pool(PgConnectOptions.fromUri(database.reactiveUrl()), new PoolOptions());

        assertFalse(DatabaseFailures.unavailable(failureOf(pool.query("SELECT * FROM missing").execute())));
        await(pool.close());
    }

    @Test
    void sqlStatesOfADatabaseOutOfReachAreUnavailableAndOthersNot() {
        for (String state : List.of("08006", "08001", "53300", "57P01", "57P03")) {
            assertTrue(DatabaseFailures.unavailable(state), state);
        }
        for (String state : List.of("42P01", "23505", "40001", "57014")) {
            assertFalse(DatabaseFailures.unavailable(state), state);
        }
    }

    private static PoolOptions oneConnectionWaitedForOneSecond() {
        return new PoolOptions().setMaxSize(1).setConnectionTimeout(1).setConnectionTimeoutUnit(TimeUnit.SECONDS);
    }

    private Pool pool(PgConnectOptions options, PoolOptions poolOptions) {
        options.setUser(database.user()).setPassword(database.password());
        return PipelinedStatementPool.create(vertx, List.of(options), poolOptions);
    }

    private static Throwable failureOf(Future<?> future) {
        return assertThrows(ExecutionException.class, () -> await(future)).getCause();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
