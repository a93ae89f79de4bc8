package io.vigil.saga.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Transactional outbox: rows written with a saga transition, published in id order by the relay, then deleted. */
@ApplicationScoped
public class OutboxRepository {

    /** Any constant shared by every orchestrator replica: only the holder publishes, so per-key order holds. */
    private static final long RELAY_LOCK = 0x5A6A_0000_0001L;
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    /** One row to publish; {@code payload} is the serialised value (null for a tombstone). */
    public record OutboxRow(
            long id, String messageId, String topic, String key, String payload, Map<String, String> headers) {}

    /** Public so a test can check its plan reads the primary key (V5__outbox_keeps_its_pages.sql). */
    public static final String DELETE_SENT = "DELETE FROM outbox_message"
            + " USING (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit WHERE id = ANY($1)";

    private final ObjectMapper json;

    public OutboxRepository(ObjectMapper json) {
        this.json = json;
    }

    /** A row to write; {@code payload} is the serialised value. */
    public record NewRow(String messageId, String topic, String key, String payload, Map<String, String> headers) {}

    /*
     * One statement for the batch, one array element per row. unnest yields the rows in array order and
     * the id default is drawn as each row is inserted, so ids follow the list.
     */
    private static final String INSERT = "INSERT INTO outbox_message (message_id, topic, message_key, payload, headers)"
            + " SELECT message_id, topic, message_key, payload, headers::json"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])"
            + " AS r (message_id, topic, message_key, payload, headers)";

    /** Writes the rows in list order, so ids, and hence publication, follow it. */
    public Uni<Void> insert(SqlClient client, List<NewRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        String[] messageId = new String[n], topic = new String[n], key = new String[n], payload = new String[n],
                headers = new String[n];
        for (int i = 0; i < n; i++) {
            NewRow r = rows.get(i);
            messageId[i] = r.messageId();
            topic[i] = r.topic();
            key[i] = r.key();
            payload[i] = r.payload();
            headers[i] = write(r.headers());
        }
        return client.preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addArrayOfString(messageId)
                        .addArrayOfString(topic)
                        .addArrayOfString(key)
                        .addArrayOfString(payload)
                        .addArrayOfString(headers))
                .replaceWithVoid();
    }

    /** Within a transaction: true if this caller is the one relay allowed to publish now. */
    public Uni<Boolean> tryRelayLock(SqlClient client) {
        return client.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(RELAY_LOCK))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    public Uni<List<OutboxRow>> unsent(SqlClient client, int limit) {
        return client.preparedQuery("SELECT id, message_id, topic, message_key, payload, headers::text AS headers"
                        + " FROM outbox_message WHERE sent_at IS NULL ORDER BY id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<OutboxRow> result = new ArrayList<>();
                    rows.forEach(r -> result.add(new OutboxRow(
                            r.getLong("id"),
                            r.getString("message_id"),
                            r.getString("topic"),
                            r.getString("message_key"),
                            r.getString("payload"),
                            read(r.getString("headers")))));
                    return result;
                });
    }

    /**
     * A published row is deleted, not marked: Kafka keeps the record, and a mark would write the whole row
     * (its payload included) a second time, with a new entry in each of its indexes, and keep it for the
     * purge. The transaction this runs in commits without waiting for its WAL flush (synchronous_commit off
     * for it alone): a delete lost to a server crash only means the relay publishes that row once more,
     * which receivers deduplicate by message id.
     */
    public Uni<Void> deleteSent(SqlClient client, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(DELETE_SENT)
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /**
     * Deletes rows marked sent before {@code cutoff}. Only versions before the relay deleted what it
     * published marked rows (an old pod still does during a rolling update). An unsent row
     * never matches: its NULL sent_at compares to nothing.
     */
    public Uni<Integer> purgeSentBefore(SqlClient client, Instant cutoff) {
        return client.preparedQuery("DELETE FROM outbox_message WHERE sent_at < $1")
                .execute(Tuple.of(Sql.ts(cutoff)))
                .map(result -> result.rowCount());
    }

    private String write(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers not serialisable", e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored headers unreadable", e);
        }
    }
}
