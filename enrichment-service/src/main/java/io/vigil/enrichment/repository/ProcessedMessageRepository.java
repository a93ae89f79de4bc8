package io.vigil.enrichment.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Saga commands already applied, with the reply each produced. */
@ApplicationScoped
public class ProcessedMessageRepository {

    public Uni<Optional<String>> findReply(SqlClient client, String tenant, String messageId) {
        return client.preparedQuery("SELECT reply FROM processed_message WHERE tenant = $1 AND message_id = $2")
                .execute(Tuple.of(tenant, messageId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("reply")));
    }

    /** Fails with a unique violation when a concurrent delivery of the same command won the race. */
    public Uni<Void> add(SqlClient client, String tenant, String messageId, String reply) {
        return client.preparedQuery("INSERT INTO processed_message (tenant, message_id, reply) VALUES ($1, $2, $3)")
                .execute(Tuple.of(tenant, messageId, reply))
                .replaceWithVoid();
    }
}
