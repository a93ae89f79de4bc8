package io.vigil.saga.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The inbox: which consumed messages have already taken effect. */
@ApplicationScoped
public class ProcessedMessageRepository {

    /** True if {@code messageId} is new; false for a redelivery, whose effects are already committed. */
    public Uni<Boolean> claim(SqlClient client, String messageId) {
        return client.preparedQuery("INSERT INTO processed_message (message_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(messageId))
                .map(result -> result.rowCount() == 1);
    }

    public Uni<Integer> purgeOlderThan(SqlClient client, Instant cutoff) {
        return client.preparedQuery("DELETE FROM processed_message WHERE processed_at < $1")
                .execute(Tuple.of(Sql.ts(cutoff)))
                .map(result -> result.rowCount());
    }
}
