package io.vigil.enrichment.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.enrichment.model.OutboxMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The transactional outbox table. */
@ApplicationScoped
public class OutboxRepository {

    /** Count of unsent rows and the age in seconds of the oldest one. */
    public record Backlog(long pending, double oldestAgeSeconds) {}

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds a row within the caller's transaction; the returned message carries its id. */
    public Uni<OutboxMessage> add(SqlClient client, String topic, String key, String payload, String traceparent) {
        return client.preparedQuery("INSERT INTO outbox (topic, message_key, payload, traceparent)"
                        + " VALUES ($1, $2, $3, $4) RETURNING id")
                .execute(Tuple.of(topic, key, payload, traceparent))
                .map(rows -> new OutboxMessage(rows.iterator().next().getLong("id"), topic, key, payload, traceparent));
    }

    public Uni<Void> markSent(long id) {
        return pool.preparedQuery("UPDATE outbox SET sent_at = now() WHERE id = $1 AND sent_at IS NULL")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /**
     * Locks the oldest unsent rows older than {@code minAge} within the caller's transaction; SKIP LOCKED
     * lets several instances sweep at once without sending the same row twice.
     */
    public Uni<List<OutboxMessage>> lockUnsent(SqlClient client, Duration minAge, int limit) {
        return client.preparedQuery("SELECT id, topic, message_key, payload, traceparent FROM outbox"
                        + " WHERE sent_at IS NULL AND created_at < now() - make_interval(secs => $1)"
                        + " ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(minAge.toMillis() / 1000.0, limit))
                .map(rows -> {
                    List<OutboxMessage> messages = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        messages.add(new OutboxMessage(row.getLong("id"), row.getString("topic"),
                                row.getString("message_key"), row.getString("payload"), row.getString("traceparent")));
                    }
                    return messages;
                });
    }

    public Uni<Void> markSent(SqlClient client, List<Long> ids) {
        return client.preparedQuery("UPDATE outbox SET sent_at = now() WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    public Uni<Backlog> backlog() {
        return pool.query("SELECT count(*) AS pending,"
                        + " coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age"
                        + " FROM outbox WHERE sent_at IS NULL")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Backlog(row.getLong("pending"), row.getDouble("age"));
                });
    }
}
