package io.vigil.enrichment.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Transaction;
import io.vigil.contracts.Verdict;
import io.vigil.enrichment.model.HistoryEntry;
import io.vigil.enrichment.model.HistoryStatus;
import io.vigil.enrichment.model.OutboxMessage;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.HistoryEvent;
import io.vigil.features.WalletHistory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The wallet history table. Every statement is scoped by tenant. */
@ApplicationScoped
public class HistoryRepository {

    /*
     * One round trip for the whole snapshot: the summary answers (first seen, device / country /
     * merchant seen, merchant label counts) are index probes in a CTE, joined to the wallet's
     * 30-day events. Only rows strictly before T count, and VOIDED rows never do (their generated
     * column counted is false, the predicate of the partial indexes: see V4__hot_history_status.sql).
     * $1 tenant, $2 wallet, $3 T, $4 T - 30 days, $5 device, $6 country, $7 merchant.
     * Public so the benchmarks module measures this very text (FeatureQueryBenchmark) without Quarkus.
     */
    public static final String SNAPSHOT = """
            WITH summary AS (
                SELECT
                    (SELECT min(occurred_at) FROM wallet_transaction
                      WHERE tenant = $1 AND wallet_id = $2 AND occurred_at < $3 AND counted) AS first_seen,
                    EXISTS (SELECT 1 FROM wallet_transaction
                      WHERE tenant = $1 AND wallet_id = $2 AND device_id = $5 AND occurred_at < $3
                        AND counted) AS device_seen,
                    EXISTS (SELECT 1 FROM wallet_transaction
                      WHERE tenant = $1 AND wallet_id = $2 AND country = $6 AND occurred_at < $3
                        AND counted) AS country_seen,
                    EXISTS (SELECT 1 FROM wallet_transaction
                      WHERE tenant = $1 AND wallet_id = $2 AND merchant_id = $7 AND occurred_at < $3
                        AND counted) AS merchant_seen,
                    m.merchant_count, m.merchant_fraud
                FROM (SELECT count(*) AS merchant_count,
                             count(*) FILTER (WHERE label = 'FRAUD') AS merchant_fraud
                        FROM wallet_transaction
                       WHERE tenant = $1 AND merchant_id = $7 AND occurred_at >= $4 AND occurred_at < $3
                         AND counted) m
            )
            SELECT s.first_seen, s.device_seen, s.country_seen, s.merchant_seen, s.merchant_count, s.merchant_fraud,
                   e.occurred_at, e.amount, e.merchant_id, e.country, e.device_id, e.declined, e.fraud
              FROM summary s
              LEFT JOIN LATERAL (
                    SELECT occurred_at, amount, merchant_id, country, device_id, created_at,
                           decision = 'DECLINE' AS declined,
                           coalesce(label = 'FRAUD', false) AS fraud
                      FROM wallet_transaction
                     WHERE tenant = $1 AND wallet_id = $2 AND occurred_at >= $4 AND occurred_at < $3
                       AND counted) e ON true
             ORDER BY e.occurred_at, e.created_at
            """;

    /*
     * The history row (PENDING) and, only when that row is new, the scored event's outbox row: one
     * statement, so both or neither, in one round trip and one commit instead of BEGIN, two INSERTs and
     * COMMIT. $1..$17 the history row, $18..$21 the outbox row.
     */
    private static final String RECORD = """
            WITH history AS (
                INSERT INTO wallet_transaction (tenant, transaction_id, wallet_id, occurred_at, amount, currency,
                    merchant_id, mcc, channel, country, device_id, ip, decision, score, model_version, degraded,
                    status, response)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'PENDING',
                    $17::text::jsonb)
                ON CONFLICT (tenant, transaction_id) DO NOTHING
                RETURNING transaction_id
            )
            INSERT INTO outbox (topic, message_key, payload, traceparent)
            SELECT $18, $19, $20, $21 FROM history
            RETURNING id
            """;

    private final Pool pool;

    public HistoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** What is known of the wallet strictly before {@code at}, seen from a candidate device, country and merchant. */
    public Uni<WalletHistory> snapshot(
            String tenant, String walletId, Instant at, String deviceId, String country, String merchantId) {
        Tuple params = Tuple.tuple()
                .addString(tenant)
                .addString(walletId)
                .addOffsetDateTime(utc(at))
                .addOffsetDateTime(utc(at.minus(FeatureCalculator.WINDOW_30D)))
                .addString(deviceId)
                .addString(country)
                .addString(merchantId);
        return pool.preparedQuery(SNAPSHOT).execute(params).map(HistoryRepository::toHistory);
    }

    private static WalletHistory toHistory(RowSet<Row> rows) {
        List<HistoryEvent> events = new ArrayList<>(rows.size());
        Row summary = null;
        for (Row row : rows) {
            summary = row;
            OffsetDateTime occurredAt = row.getOffsetDateTime("occurred_at");
            if (occurredAt != null) {
                events.add(new HistoryEvent(
                        occurredAt.toInstant(),
                        row.getBigDecimal("amount").doubleValue(),
                        row.getString("merchant_id"),
                        row.getString("country"),
                        row.getString("device_id"),
                        row.getBoolean("declined"),
                        row.getBoolean("fraud")));
            }
        }
        if (summary == null) {
            return WalletHistory.EMPTY;
        }
        OffsetDateTime firstSeen = summary.getOffsetDateTime("first_seen");
        return new WalletHistory(
                events,
                firstSeen == null ? null : firstSeen.toInstant(),
                summary.getBoolean("device_seen"),
                summary.getBoolean("country_seen"),
                summary.getBoolean("merchant_seen"),
                summary.getLong("merchant_count").intValue(),
                summary.getLong("merchant_fraud").intValue());
    }

    /**
     * Records a new decision: the transaction as PENDING and the event announcing it, atomically. Empty
     * when the (tenant, transactionId) already exists, in which case nothing is written.
     */
    public Uni<Optional<OutboxMessage>> record(Transaction tx, DecisionResponse response, String responseJson,
            String topic, String payload, String traceparent) {
        Tuple params = Tuple.tuple()
                .addString(tx.tenant())
                .addString(tx.transactionId())
                .addString(tx.walletId())
                .addOffsetDateTime(utc(tx.occurredAt()))
                .addValue(Numeric.create(tx.amount()))
                .addString(tx.currency())
                .addString(tx.merchantId())
                .addString(tx.merchantCategory())
                .addString(tx.channel().name())
                .addString(tx.country())
                .addString(tx.deviceId())
                .addString(tx.ipAddress())
                .addString(response.decision().name())
                .addDouble(response.score())
                .addString(response.modelVersion())
                .addBoolean(response.degraded())
                .addString(responseJson)
                .addString(topic)
                .addString(tx.walletId())
                .addString(payload)
                .addString(traceparent);
        return pool.preparedQuery(RECORD).execute(params).map(rows -> rows.size() == 0
                ? Optional.empty()
                : Optional.of(new OutboxMessage(
                        rows.iterator().next().getLong("id"), topic, tx.walletId(), payload, traceparent)));
    }

    /** The stored DecisionResponse JSON of a transaction of this tenant. */
    public Uni<Optional<String>> findResponse(String tenant, String transactionId) {
        return pool.preparedQuery(
                        "SELECT response::text AS response FROM wallet_transaction WHERE tenant = $1 AND transaction_id = $2")
                .execute(Tuple.of(tenant, transactionId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("response")));
    }

    /** A stored transaction, within its tenant. */
    public record Key(String tenant, String transactionId) {}

    /** What a saga command changes on a transaction: its status, or its label. */
    public record Change(Key key, HistoryStatus status, Verdict label) {}

    /**
     * Locks the rows saga commands are about within the caller's transaction, in key order so two
     * batches locking overlapping rows cannot deadlock; transactions not found are absent.
     */
    public Uni<Map<Key, HistoryEntry>> lock(SqlClient client, Collection<Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("SELECT tenant, transaction_id, wallet_id, status FROM wallet_transaction"
                        + " WHERE (tenant, transaction_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))"
                        + " ORDER BY tenant, transaction_id FOR UPDATE")
                .execute(Tuple.of(keys.stream().map(Key::tenant).toArray(String[]::new),
                        keys.stream().map(Key::transactionId).toArray(String[]::new)))
                .map(rows -> {
                    Map<Key, HistoryEntry> entries = new HashMap<>();
                    for (Row row : rows) {
                        entries.put(new Key(row.getString("tenant"), row.getString("transaction_id")),
                                new HistoryEntry(row.getString("wallet_id"),
                                        HistoryStatus.valueOf(row.getString("status"))));
                    }
                    return entries;
                });
    }

    /**
     * Applies the changes in one statement: each row takes the last status and the last label its changes
     * set, which is what applying them one by one in order would leave, for one execution instead of one
     * per change.
     */
    public Uni<Void> apply(SqlClient client, List<Change> changes) {
        Map<Key, LastChange> last = new LinkedHashMap<>();
        for (Change c : changes) {
            LastChange row = last.computeIfAbsent(c.key(), k -> new LastChange());
            if (c.status() != null) {
                row.status = c.status().name();
            }
            if (c.label() != null) {
                row.label = c.label().name();
            }
        }
        if (last.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("UPDATE wallet_transaction w"
                        + " SET status = coalesce(c.status, w.status), label = coalesce(c.label, w.label)"
                        + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                        + " AS c (tenant, transaction_id, status, label)"
                        + " WHERE w.tenant = c.tenant AND w.transaction_id = c.transaction_id")
                .execute(Tuple.of(
                        last.keySet().stream().map(Key::tenant).toArray(String[]::new),
                        last.keySet().stream().map(Key::transactionId).toArray(String[]::new),
                        last.values().stream().map(row -> row.status).toArray(String[]::new),
                        last.values().stream().map(row -> row.label).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** A row's status and label as a batch of changes leaves them; null where the batch sets none. */
    private static final class LastChange {
        private String status;
        private String label;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
