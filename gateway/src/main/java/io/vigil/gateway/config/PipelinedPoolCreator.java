package io.vigil.gateway.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.sqlclient.Pool;
import io.vigil.database.PipelinedStatementPool;
import jakarta.enterprise.context.ApplicationScoped;

/** The datasource's pool, as Quarkus configures it, with its single statements pipelined. */
@ApplicationScoped
public class PipelinedPoolCreator implements PgPoolCreator {

    @Override
    public Pool create(Input input) {
        return PipelinedStatementPool.create(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
