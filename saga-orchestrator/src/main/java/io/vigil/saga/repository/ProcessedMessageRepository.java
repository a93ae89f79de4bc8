package io.vigil.saga.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The inbox: which consumed messages have already taken effect. */
@ApplicationScoped
public class ProcessedMessageRepository {

    /** The ids among {@code messageIds} seen for the first time; the others are redeliveries, already in effect. */
    public Uni<Set<String>> claim(SqlClient client, List<String> messageIds) {
        return client.preparedQuery("INSERT INTO processed_message (message_id) SELECT unnest($1::text[])"
                        + " ON CONFLICT DO NOTHING RETURNING message_id")
                .execute(Tuple.of(messageIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>();
                    rows.forEach(r -> fresh.add(r.getString("message_id")));
                    return fresh;
                });
    }

    public Uni<Integer> purgeOlderThan(SqlClient client, Instant cutoff) {
        return client.preparedQuery("DELETE FROM processed_message WHERE processed_at < $1")
                .execute(Tuple.of(Sql.ts(cutoff)))
                .map(result -> result.rowCount());
    }
}
