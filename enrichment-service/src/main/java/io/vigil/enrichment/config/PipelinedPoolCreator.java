package io.vigil.enrichment.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vigil.database.PipelinedStatementPool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The datasource's pool, as Quarkus configures it, with its single statements pipelined. */
@ApplicationScoped
public class PipelinedPoolCreator implements PgPoolCreator {

    /**
     * The longest SQL text kept prepared per connection. Vert.x keeps only up to 2,048 characters by default
     * and sends a longer statement unnamed, parsed and planned on every execution: the wallet snapshot
     * (HistoryRepository.SNAPSHOT) is longer, and re-planning it quadrupled PostgreSQL's CPU per
     * transaction (docs/benchmarks.md, twentieth round).
     */
    public static final int PREPARED_SQL_LIMIT = 8192;

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> databases = input.pgConnectOptionsList();
        databases.forEach(database -> database.setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT));
        return PipelinedStatementPool.create(input.vertx(), databases, input.poolOptions());
    }
}
