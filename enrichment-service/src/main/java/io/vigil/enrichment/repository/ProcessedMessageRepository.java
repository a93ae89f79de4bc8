package io.vigil.enrichment.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Saga commands already applied, with the reply each produced. */
@ApplicationScoped
public class ProcessedMessageRepository {

    /** A command id within its tenant. */
    public record Key(String tenant, String messageId) {}

    /** A command applied, with the reply it produced. */
    public record Processed(Key key, String reply) {}

    /** The stored replies of those among {@code keys} that were already applied. */
    public Uni<Map<Key, String>> findReplies(SqlClient client, List<Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("SELECT tenant, message_id, reply FROM processed_message"
                        + " WHERE (tenant, message_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))")
                .execute(Tuple.of(keys.stream().map(Key::tenant).toArray(String[]::new),
                        keys.stream().map(Key::messageId).toArray(String[]::new)))
                .map(rows -> {
                    Map<Key, String> replies = new HashMap<>();
                    rows.forEach(r -> replies.put(new Key(r.getString("tenant"), r.getString("message_id")),
                            r.getString("reply")));
                    return replies;
                });
    }

    /** Fails with a unique violation when a concurrent delivery of one of the commands won the race. */
    public Uni<Void> add(SqlClient client, List<Processed> processed) {
        if (processed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("INSERT INTO processed_message (tenant, message_id, reply)"
                        + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[])")
                .execute(Tuple.of(
                        processed.stream().map(p -> p.key().tenant()).toArray(String[]::new),
                        processed.stream().map(p -> p.key().messageId()).toArray(String[]::new),
                        processed.stream().map(Processed::reply).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Forgets at most {@code limit} commands applied more than {@code age} ago; the number forgotten. */
    public Uni<Integer> purgeOlderThan(SqlClient client, Duration age, int limit) {
        return client.preparedQuery("DELETE FROM processed_message WHERE (tenant, message_id) IN"
                        + " (SELECT tenant, message_id FROM processed_message"
                        + " WHERE processed_at < now() - make_interval(secs => $1) LIMIT $2)")
                .execute(Tuple.of(age.toMillis() / 1000.0, limit))
                .map(RowSet::rowCount);
    }
}
