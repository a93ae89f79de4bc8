package io.vigil.database;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.pgclient.impl.PgPoolOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Function;

/**
 * A pool that sends single statements down pipelined connections and gives each transaction a connection of
 * its own. PostgreSQL spends 2-5 times less CPU on a statement when its backend stays busy than when the
 * statement wakes one of many sleeping backends (docs/benchmarks.md, thirteenth round), and a plain pool hands
 * each statement a free connection of its own, so the request path's statements end up spread over every
 * backend. Pipelined, they share the first connection until it carries the pipelining limit in flight; only
 * then does the pool open the next one, so a burst still spreads instead of queueing.
 *
 * <p>A {@link PgPool}, deprecated in Vert.x 4.5, because Quarkus' reactive PostgreSQL extension casts the pool its
 * {@code PgPoolCreator} returns to one.
 */
@SuppressWarnings("deprecation")
public final class PipelinedStatementPool implements PgPool {

    private final PgPool statements;
    private final PgPool transactions;

    private PipelinedStatementPool(PgPool statements, PgPool transactions) {
        this.statements = statements;
        this.transactions = transactions;
    }

    /**
     * Both pools from the same connection and pool options (so the same size limit, idle timeout and event
     * loops); a pipelined connection carries at most its options' pipelining limit of statements in flight
     * ({@code quarkus.datasource.reactive.postgresql.pipelining-limit}).
     */
    public static PgPool create(Vertx vertx, List<PgConnectOptions> databases, PoolOptions options) {
        PgPoolOptions pipelined = new PgPoolOptions(options).setPipelined(true);
        if (options.isShared()) {
            // a shared pool is looked up by name: the same name would hand back the transactional pool
            pipelined.setName(options.getName() + "-pipelined");
        }
        PgPool statements = (PgPool) PgDriver.INSTANCE.createPool(vertx, databases, pipelined);
        PgPool transactions = (PgPool) PgDriver.INSTANCE.createPool(vertx, databases, options);
        return new PipelinedStatementPool(statements, transactions);
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return statements.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return statements.preparedQuery(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return statements.preparedQuery(sql, options);
    }

    /** The connection a transaction (or any caller that holds a connection) works on: never a pipelined one. */
    @Override
    public void getConnection(Handler<AsyncResult<SqlConnection>> handler) {
        transactions.getConnection(handler);
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return transactions.getConnection();
    }

    @Override
    public PgPool connectHandler(Handler<SqlConnection> handler) {
        statements.connectHandler(handler);
        transactions.connectHandler(handler);
        return this;
    }

    @Override
    public PgPool connectionProvider(Function<Context, Future<SqlConnection>> provider) {
        throw new UnsupportedOperationException("the connections are made by the two pools this one combines");
    }

    /** Connections open in both pools. */
    @Override
    public int size() {
        return statements.size() + transactions.size();
    }

    @Override
    public void close(Handler<AsyncResult<Void>> handler) {
        close().onComplete(handler);
    }

    @Override
    public Future<Void> close() {
        return Future.join(statements.close(), transactions.close()).mapEmpty();
    }
}
