package io.vigil.enrichment.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
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

    /** Public so a test can check its plan uses the primary key (V6__outbox_keeps_its_pages.sql). */
    public static final String DELETE_SENT = "DELETE FROM outbox"
            + " USING (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit WHERE id = ANY($1)";

    /** Count of unsent rows and the age in seconds of the oldest one. */
    public record Backlog(long pending, double oldestAgeSeconds) {}

    private final Pool pool;

    public OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    /** A row to add: the record to publish. */
    public record NewMessage(String topic, String key, String payload, String traceparent) {}

    /** Adds rows in list order within the caller's transaction; the returned messages carry their ids. */
    public Uni<List<OutboxMessage>> add(SqlClient client, List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Tuple> tuples = new ArrayList<>(messages.size());
        messages.forEach(m -> tuples.add(Tuple.of(m.topic(), m.key(), m.payload(), m.traceparent())));
        return client.preparedQuery("INSERT INTO outbox (topic, message_key, payload, traceparent)"
                        + " VALUES ($1, $2, $3, $4) RETURNING id")
                .executeBatch(tuples)
                .map(result -> {
                    List<OutboxMessage> added = new ArrayList<>(messages.size());
                    RowSet<Row> each = result;
                    for (NewMessage m : messages) {
                        added.add(new OutboxMessage(each.iterator().next().getLong("id"), m.topic(), m.key(),
                                m.payload(), m.traceparent()));
                        each = each.next();
                    }
                    return added;
                });
    }

    /** Deletes rows outside any transaction: they were published after their commit. */
    public Uni<Void> deleteSent(List<Long> ids) {
        return ids.isEmpty()
                ? Uni.createFrom().voidItem()
                : deleteSent(pool, ids);
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

    /**
     * A published row is deleted, not marked: Kafka keeps the record, and a mark would write the whole
     * row (its payload included) a second time and keep it for the purge. The transaction this runs in
     * commits without waiting for its WAL flush (synchronous_commit off for it alone): a delete lost to a
     * server crash only means the sweep publishes that row once more, which receivers deduplicate, and
     * the flush is one of the few left on the database's busiest path.
     */
    public Uni<Void> deleteSent(SqlClient client, List<Long> ids) {
        return client.preparedQuery(DELETE_SENT)
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /**
     * Deletes at most {@code limit} rows marked sent more than {@code age} ago; the number deleted. Only
     * versions before the relay deleted what it published marked rows (a stable pod of such a version
     * still does during a canary). An unsent row never matches: its NULL sent_at compares to nothing.
     */
    public Uni<Integer> purgeSent(SqlClient client, Duration age, int limit) {
        return client.preparedQuery("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
                        + " WHERE sent_at < now() - make_interval(secs => $1) LIMIT $2)")
                .execute(Tuple.of(age.toMillis() / 1000.0, limit))
                .map(RowSet::rowCount);
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
