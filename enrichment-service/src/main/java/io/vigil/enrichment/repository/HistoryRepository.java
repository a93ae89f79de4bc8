package io.vigil.enrichment.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Transaction;
import io.vigil.contracts.Verdict;
import io.vigil.database.StatementCoalescer;
import io.vigil.enrichment.config.EnrichmentConfig;
import io.vigil.enrichment.model.HistoryEntry;
import io.vigil.enrichment.model.HistoryStatus;
import io.vigil.enrichment.model.OutboxMessage;
import io.vigil.enrichment.repository.SettledWalletHistory.Field;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.HistoryEvent;
import io.vigil.features.WalletHistory;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The wallet history table. Every statement is scoped by tenant. */
@ApplicationScoped
public class HistoryRepository {

    /*
     * The snapshots of a batch of candidates in one round trip (see StatementCoalescer): for each, the summary
     * answers (first seen, device / country / merchant seen, merchant label counts) are index probes, joined to
     * the wallet's events since a given instant; its rows carry its position n and come in order. OFFSET 0 keeps
     * both lateral subqueries as written, whatever the statistics: the summary evaluated once per candidate
     * rather than once per event row, the events read through the candidate's index range rather than
     * hash-joined to a scan of the table (the generic plan of a fresh database's empty table). Only rows
     * strictly before T count, and VOIDED rows never do (their generated column counted is false, the
     * predicate of the partial indexes: see V4__hot_history_status.sql). A row an earlier version wrote has no
     * reference amount and counts its amount (V8__reference_amounts.sql). A wallet's settled history (see
     * SettledWalletHistory), when kept, answers what the probes left out would: their columns are then null,
     * and the events start where it ends. The merchant's counts in [T - 30 days, T) are its settled counts in
     * [B - 30 days, B), B the minute of T, plus [B, T) minus [B - 30 days, T - 30 days); the settled ones are
     * counted only when not given (settled_count and settled_fraud null, see SettledMerchantCounts) and are
     * returned to be kept. Country is char(2), so its array is too: compared as text it would miss its index.
     * One array element per candidate: $1 tenant, $2 wallet, $3 T, $4 T - 30 days, $5 device, $6 country,
     * $7 merchant, $8 B, $9 B - 30 days, $10 and $11 the settled transactions and frauds when known, $12 the
     * first event to read, $13..$16 whether to probe first seen, device, country and merchant seen.
     * Public so the benchmarks module measures this very text (FeatureQueryBenchmark) without Quarkus.
     */
    public static final String SNAPSHOT = """
            WITH candidate AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[],
                        $6::bpchar[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::bigint[], $11::bigint[],
                        $12::timestamptz[], $13::boolean[], $14::boolean[], $15::boolean[], $16::boolean[])
                    WITH ORDINALITY AS c (tenant, wallet_id, at, window_start, device_id, country, merchant_id,
                        settled_until, settled_from, settled_count, settled_fraud, events_from, probe_first_seen,
                        probe_device, probe_country, probe_merchant, n)
            )
            SELECT c.n, s.first_seen, s.device_seen, s.country_seen, s.merchant_seen, s.merchant_count,
                   s.merchant_fraud, s.settled_count, s.settled_fraud,
                   e.occurred_at, e.reference_amount, e.merchant_id, e.country, e.device_id, e.declined, e.fraud
              FROM candidate c
              CROSS JOIN LATERAL (
                    SELECT
                        CASE WHEN c.probe_first_seen THEN (SELECT min(occurred_at) FROM wallet_transaction
                          WHERE tenant = c.tenant AND wallet_id = c.wallet_id AND occurred_at < c.at
                            AND counted) END AS first_seen,
                        CASE WHEN c.probe_device THEN EXISTS (SELECT 1 FROM wallet_transaction
                          WHERE tenant = c.tenant AND wallet_id = c.wallet_id AND device_id = c.device_id
                            AND occurred_at < c.at AND counted) END AS device_seen,
                        CASE WHEN c.probe_country THEN EXISTS (SELECT 1 FROM wallet_transaction
                          WHERE tenant = c.tenant AND wallet_id = c.wallet_id AND country = c.country
                            AND occurred_at < c.at AND counted) END AS country_seen,
                        CASE WHEN c.probe_merchant THEN EXISTS (SELECT 1 FROM wallet_transaction
                          WHERE tenant = c.tenant AND wallet_id = c.wallet_id AND merchant_id = c.merchant_id
                            AND occurred_at < c.at AND counted) END AS merchant_seen,
                        coalesce(c.settled_count, settled.n) + recent.n - expired.n AS merchant_count,
                        coalesce(c.settled_fraud, settled.fraud) + recent.fraud - expired.fraud AS merchant_fraud,
                        settled.n AS settled_count, settled.fraud AS settled_fraud
                      FROM (SELECT count(*) AS n, count(*) FILTER (WHERE label = 'FRAUD') AS fraud
                              FROM wallet_transaction
                             WHERE c.settled_count IS NULL AND tenant = c.tenant AND merchant_id = c.merchant_id
                               AND occurred_at >= c.settled_from AND occurred_at < c.settled_until
                               AND counted) settled,
                           (SELECT count(*) AS n, count(*) FILTER (WHERE label = 'FRAUD') AS fraud
                              FROM wallet_transaction
                             WHERE tenant = c.tenant AND merchant_id = c.merchant_id AND occurred_at >= c.settled_until
                               AND occurred_at < c.at AND counted) recent,
                           (SELECT count(*) AS n, count(*) FILTER (WHERE label = 'FRAUD') AS fraud
                              FROM wallet_transaction
                             WHERE tenant = c.tenant AND merchant_id = c.merchant_id AND occurred_at >= c.settled_from
                               AND occurred_at < c.window_start AND counted) expired
                    OFFSET 0
              ) s
              LEFT JOIN LATERAL (
                    SELECT occurred_at, coalesce(reference_amount, amount) AS reference_amount, merchant_id, country,
                           device_id, created_at,
                           decision = 'DECLINE' AS declined,
                           coalesce(label = 'FRAUD', false) AS fraud
                      FROM wallet_transaction
                     WHERE tenant = c.tenant AND wallet_id = c.wallet_id AND occurred_at >= c.events_from
                       AND occurred_at < c.at AND counted
                    OFFSET 0) e ON true
             ORDER BY c.n, e.occurred_at, e.created_at
            """;

    /*
     * The history rows (PENDING) of a batch of decisions and, for each row that is new, the scored event's
     * outbox row: one statement, so all of them or none, in one round trip and one commit (see
     * StatementCoalescer). The outbox ids are drawn before the insert so they can be matched back to their
     * decision through its position n; outbox_rows, referenced twice, is computed once. Rows go in key
     * order, so two instances inserting the same transactions cannot deadlock.
     * A decision whose Idempotency-Key (partial unique index, V5__idempotency_keys.sql) is already taken is
     * not inserted either: DO NOTHING without a target stands for every unique index of the table; nor is one
     * whose key a replay bound (V9__replayed_keys.sql).
     * $1..$17 the history rows' columns, $18..$21 the outbox rows', $22..$23 the key and request fingerprint
     * (null without a key), $24 the amount in the reference currency, one array element per decision.
     */
    private static final String RECORD = """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[],
                        $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                        $13::text[], $14::float8[], $15::text[], $16::boolean[], $17::text[], $18::text[],
                        $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::numeric[])
                    WITH ORDINALITY AS d (tenant, transaction_id, wallet_id, occurred_at, amount, currency,
                        merchant_id, mcc, channel, country, device_id, ip, decision, score, model_version,
                        degraded, response, topic, message_key, payload, traceparent, idempotency_key,
                        request_hash, reference_amount, n)
            ), history AS (
                INSERT INTO wallet_transaction (tenant, transaction_id, wallet_id, occurred_at, amount, currency,
                    reference_amount, merchant_id, mcc, channel, country, device_id, ip, decision, score,
                    model_version, degraded, status, response, idempotency_key, request_hash)
                SELECT tenant, transaction_id, wallet_id, occurred_at, amount, currency, reference_amount,
                       merchant_id, mcc, channel, country, device_id, ip, decision, score, model_version, degraded,
                       'PENDING', response::jsonb, idempotency_key, request_hash
                  FROM input
                 WHERE idempotency_key IS NULL OR NOT EXISTS (SELECT 1 FROM replayed_key k
                         WHERE k.tenant = input.tenant AND k.idempotency_key = input.idempotency_key)
                 ORDER BY tenant, transaction_id
                ON CONFLICT DO NOTHING
                RETURNING tenant, transaction_id
            ), outbox_rows AS (
                SELECT nextval('outbox_id_seq') AS id, i.n, i.topic, i.message_key, i.payload, i.traceparent
                  FROM input i JOIN history h USING (tenant, transaction_id)
            ), written AS (
                INSERT INTO outbox (id, topic, message_key, payload, traceparent)
                SELECT id, topic, message_key, payload, traceparent FROM outbox_rows
            )
            SELECT n, id FROM outbox_rows
            """;

    /*
     * Index probes (primary key, the key's partial unique index, the keys replays bound) rather than one scan
     * with an OR. A bound key answers with the transaction its first use replayed.
     */
    private static final String CONFLICTING = """
            SELECT transaction_id, idempotency_key, request_hash, response::text AS response
              FROM wallet_transaction WHERE tenant = $1 AND transaction_id = $2
            UNION ALL
            SELECT transaction_id, idempotency_key, request_hash, response::text AS response
              FROM wallet_transaction WHERE tenant = $1 AND idempotency_key = $3
            UNION ALL
            SELECT k.transaction_id, k.idempotency_key, k.request_hash, w.response::text AS response
              FROM replayed_key k JOIN wallet_transaction w USING (tenant, transaction_id)
             WHERE k.tenant = $1 AND k.idempotency_key = $3
            """;

    /*
     * Binds a key to the body of its first use, a replay of another transaction, unless a decision took the key
     * meanwhile; returns a row when bound.
     */
    private static final String BIND_REPLAYED_KEY = """
            INSERT INTO replayed_key (tenant, idempotency_key, request_hash, transaction_id)
            SELECT $1, $2, $3, $4
             WHERE NOT EXISTS (SELECT 1 FROM wallet_transaction WHERE tenant = $1 AND idempotency_key = $2)
            ON CONFLICT DO NOTHING
            RETURNING transaction_id
            """;

    /*
     * Decisions per statement at most. Decisions only share a statement when they arrive while one runs,
     * so the cap only bounds a batch after a stall of the database.
     */
    private static final int MAX_DECISIONS_PER_WRITE = 100;

    /* Snapshots per statement at most: a hot wallet brings a few hundred rows, so a batch stays well under 10,000. */
    private static final int MAX_SNAPSHOTS_PER_READ = 32;

    private final Pool pool;
    private final StatementCoalescer<Decision, Optional<Long>> decisions;
    private final StatementCoalescer<Candidate, WalletHistory> snapshots;
    private final SettledMerchantCounts settledCounts;
    private final SettledWalletHistory settledWallets;

    public HistoryRepository(Pool pool, EnrichmentConfig config) {
        this.pool = pool;
        this.decisions = new StatementCoalescer<>(this::recordAll, Decision::key, MAX_DECISIONS_PER_WRITE);
        // any snapshots may share a statement; only the same question twice waits for the next
        this.snapshots = new StatementCoalescer<>(this::snapshotAll, candidate -> candidate, MAX_SNAPSHOTS_PER_READ);
        this.settledCounts = new SettledMerchantCounts(config.features().merchantCountsTtl(), System::nanoTime);
        this.settledWallets = new SettledWalletHistory(config.features().walletHistoryTtl(), System::nanoTime);
    }

    /** What is known of the wallet strictly before {@code at}, seen from a candidate device, country and merchant. */
    public Uni<WalletHistory> snapshot(
            String tenant, String walletId, Instant at, String deviceId, String country, String merchantId) {
        return snapshots.submit(new Candidate(tenant, walletId, at, deviceId, country, merchantId));
    }

    /** A wallet seen from a candidate payment at T. */
    private record Candidate(String tenant, String walletId, Instant at, String deviceId, String country,
            String merchantId) {

        Merchant merchant() {
            return new Merchant(tenant, merchantId);
        }

        Wallet wallet() {
            return new Wallet(tenant, walletId);
        }

        /**
         * B, the minute of T: the merchant's counts before it are settled (see SettledMerchantCounts), and the
         * wallet's history before it once read whole (see SettledWalletHistory).
         */
        Instant settledUntil() {
            return at.truncatedTo(ChronoUnit.MINUTES);
        }
    }

    /** Each candidate's history, in their order. */
    private Uni<List<WalletHistory>> snapshotAll(List<Candidate> batch) {
        int n = batch.size();
        String[] tenant = new String[n], walletId = new String[n], deviceId = new String[n],
                country = new String[n], merchantId = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n], windowStart = new OffsetDateTime[n],
                settledUntil = new OffsetDateTime[n], settledFrom = new OffsetDateTime[n],
                eventsFrom = new OffsetDateTime[n];
        Long[] settledCount = new Long[n], settledFraud = new Long[n];
        Boolean[] probeFirstSeen = new Boolean[n], probeDevice = new Boolean[n], probeCountry = new Boolean[n],
                probeMerchant = new Boolean[n];
        SettledWalletHistory.Settled[] kept = new SettledWalletHistory.Settled[n];
        for (int i = 0; i < n; i++) {
            Candidate c = batch.get(i);
            Instant minute = c.settledUntil();
            SettledMerchantCounts.Counts settled = settledCounts.get(c.merchant(), minute);
            SettledWalletHistory.Settled wallet = settledWallets.get(c.wallet(), c.at());
            kept[i] = wallet;
            tenant[i] = c.tenant();
            walletId[i] = c.walletId();
            at[i] = utc(c.at());
            windowStart[i] = utc(c.at().minus(FeatureCalculator.WINDOW_30D));
            deviceId[i] = c.deviceId();
            country[i] = c.country();
            merchantId[i] = c.merchantId();
            settledUntil[i] = utc(minute);
            settledFrom[i] = utc(minute.minus(FeatureCalculator.WINDOW_30D));
            settledCount[i] = settled == null ? null : settled.transactions();
            settledFraud[i] = settled == null ? null : settled.frauds();
            // read whole from B - 30 days, so the part before B covers any later T's 30 days
            eventsFrom[i] = wallet == null ? settledFrom[i] : utc(wallet.until());
            probeFirstSeen[i] = wallet == null;
            probeDevice[i] = mustProbe(wallet, Field.DEVICE, c.deviceId());
            probeCountry[i] = mustProbe(wallet, Field.COUNTRY, c.country());
            probeMerchant[i] = mustProbe(wallet, Field.MERCHANT, c.merchantId());
        }
        Tuple params = Tuple.tuple()
                .addArrayOfString(tenant)
                .addArrayOfString(walletId)
                .addArrayOfOffsetDateTime(at)
                .addArrayOfOffsetDateTime(windowStart)
                .addArrayOfString(deviceId)
                .addArrayOfString(country)
                .addArrayOfString(merchantId)
                .addArrayOfOffsetDateTime(settledUntil)
                .addArrayOfOffsetDateTime(settledFrom)
                .addArrayOfLong(settledCount)
                .addArrayOfLong(settledFraud)
                .addArrayOfOffsetDateTime(eventsFrom)
                .addArrayOfBoolean(probeFirstSeen)
                .addArrayOfBoolean(probeDevice)
                .addArrayOfBoolean(probeCountry)
                .addArrayOfBoolean(probeMerchant);
        return pool.preparedQuery(SNAPSHOT).execute(params).map(rows -> {
            List<List<Row>> byCandidate = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byCandidate.add(new ArrayList<>());
            }
            for (Row row : rows) {
                byCandidate.get(row.getLong("n").intValue() - 1).add(row);
            }
            List<WalletHistory> histories = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                List<Row> own = byCandidate.get(i);
                Candidate c = batch.get(i);
                if (own.isEmpty()) {
                    histories.add(WalletHistory.EMPTY);
                    continue;
                }
                if (settledCount[i] == null) {
                    Row first = own.getFirst();
                    settledCounts.put(c.merchant(), c.settledUntil(), new SettledMerchantCounts.Counts(
                            first.getLong("settled_count"), first.getLong("settled_fraud")));
                }
                histories.add(kept[i] == null ? readWhole(c, own) : readSince(c, kept[i], own));
            }
            return histories;
        });
    }

    /**
     * Whether a seen-before answer needs its probe: always for a wallet read whole; for one with a settled
     * history, only when the value is not among its events and they are not all the wallet had before it.
     */
    private static boolean mustProbe(SettledWalletHistory.Settled wallet, Field field, String value) {
        return wallet == null || value != null && !wallet.complete() && !wallet.events().has(field, value);
    }

    /** A wallet read whole: the candidate's history, and the part before B kept for the next snapshots. */
    private WalletHistory readWhole(Candidate c, List<Row> rows) {
        List<HistoryEvent> events = events(rows);
        Row summary = rows.getFirst();
        Instant firstSeen = instant(summary.getOffsetDateTime("first_seen"));
        Instant until = c.settledUntil();
        SettledWalletHistory.Events before = SettledWalletHistory.Events.of(
                events.subList(0, firstAtOrAfter(events, until)));
        Instant settledFirstSeen = firstSeen != null && firstSeen.isBefore(until) ? firstSeen : null;
        boolean complete = settledFirstSeen == null
                || !settledFirstSeen.isBefore(until.minus(FeatureCalculator.WINDOW_30D));
        settledWallets.put(c.wallet(), new SettledWalletHistory.Settled(until, settledFirstSeen, before, complete));
        return new WalletHistory(
                events.subList(firstAtOrAfter(events, c.at().minus(FeatureCalculator.WINDOW_30D)), events.size()),
                firstSeen,
                summary.getBoolean("device_seen"),
                summary.getBoolean("country_seen"),
                summary.getBoolean("merchant_seen"),
                merchantCount(summary),
                merchantFraud(summary));
    }

    /** A wallet from its settled history and the rows since. */
    private static WalletHistory readSince(Candidate c, SettledWalletHistory.Settled settled, List<Row> rows) {
        List<HistoryEvent> since = events(rows);
        SettledWalletHistory.Events before = settled.events();
        int from = before.firstAtOrAfter(c.at().minus(FeatureCalculator.WINDOW_30D));
        List<HistoryEvent> recent = new ArrayList<>(before.size() - from + since.size());
        for (int i = from; i < before.size(); i++) {
            recent.add(before.get(i));
        }
        recent.addAll(since);
        Row summary = rows.getFirst();
        Instant firstSeen = settled.firstSeen() != null ? settled.firstSeen()
                : since.isEmpty() ? null : since.getFirst().occurredAt();
        return new WalletHistory(
                recent,
                firstSeen,
                seen(summary.getBoolean("device_seen"), settled, since, Field.DEVICE, c.deviceId()),
                seen(summary.getBoolean("country_seen"), settled, since, Field.COUNTRY, c.country()),
                seen(summary.getBoolean("merchant_seen"), settled, since, Field.MERCHANT, c.merchantId()),
                merchantCount(summary),
                merchantFraud(summary));
    }

    /*
     * The merchant's counts: the settled part may be kept from before a change another instance made (or one
     * that raced its read), while the rows leaving the window are read fresh, so the sum can fall below zero
     * for a while. Clamped, it stays a count and the frauds stay within it: a negative fraud rate would be
     * refused by ml-engine, and the rules would decide.
     */
    private static int merchantCount(Row summary) {
        return (int) Math.max(0, summary.getLong("merchant_count"));
    }

    private static int merchantFraud(Row summary) {
        return (int) Math.min(Math.max(0, summary.getLong("merchant_fraud")), merchantCount(summary));
    }

    /** The probe's answer if it ran, else whether the settled history or the rows since hold the value. */
    private static boolean seen(Boolean probed, SettledWalletHistory.Settled settled, List<HistoryEvent> since,
            Field field, String value) {
        if (probed != null) {
            return probed;
        }
        if (value == null) {
            return false;
        }
        if (settled.events().has(field, value)) {
            return true;
        }
        for (HistoryEvent e : since) {
            if (value.equals(field.of.apply(e))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The events of a candidate's rows, in their order; a wallet without any has one row of nulls. A wallet
     * repeats its merchants, countries and devices: each is one string, so the history kept holds few.
     */
    private static List<HistoryEvent> events(List<Row> rows) {
        List<HistoryEvent> events = new ArrayList<>(rows.size());
        Map<String, String> strings = new HashMap<>();
        for (Row row : rows) {
            OffsetDateTime occurredAt = row.getOffsetDateTime("occurred_at");
            if (occurredAt != null) {
                events.add(new HistoryEvent(
                        occurredAt.toInstant(),
                        row.getBigDecimal("reference_amount").doubleValue(),
                        shared(strings, row.getString("merchant_id")),
                        shared(strings, row.getString("country")),
                        shared(strings, row.getString("device_id")),
                        row.getBoolean("declined"),
                        row.getBoolean("fraud")));
            }
        }
        return events;
    }

    private static String shared(Map<String, String> strings, String value) {
        return value == null ? null : strings.computeIfAbsent(value, v -> v);
    }

    /** The index of the first event at or after {@code at} in events ordered by time. */
    private static int firstAtOrAfter(List<HistoryEvent> events, Instant at) {
        int low = 0, high = events.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (events.get(mid).occurredAt().isBefore(at)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /**
     * Records a new decision: the transaction as PENDING and the event announcing it, atomically, in one
     * statement with the decisions being recorded at the same moment. Empty when the (tenant, transactionId),
     * or the (tenant, idempotencyKey) when there is one, already exists, in which case nothing is written.
     */
    public Uni<Optional<OutboxMessage>> record(Transaction tx, BigDecimal referenceAmount, DecisionResponse response,
            String responseJson, String topic, String payload, String traceparent, String idempotencyKey,
            String requestHash) {
        Decision decision = new Decision(tx, referenceAmount, response, responseJson, topic, payload, traceparent,
                idempotencyKey, requestHash);
        return decisions.submit(decision)
                .invoke(id -> {
                    settledCounts.stored(new Merchant(tx.tenant(), tx.merchantId()), tx.occurredAt());
                    settledWallets.stored(new Wallet(tx.tenant(), tx.walletId()), tx.occurredAt());
                })
                .map(id -> id.map(outboxId -> new OutboxMessage(outboxId, topic, tx.walletId(), payload, traceparent)));
    }

    /**
     * The stored decisions a refused {@link #record} ran into: the transaction's and, when a key is given,
     * the one decided under that key or the one a replay bound it to; the same decision twice when both are one.
     */
    public Uni<List<StoredDecision>> findConflicting(String tenant, String transactionId, String idempotencyKey) {
        return pool.preparedQuery(CONFLICTING)
                .execute(Tuple.of(tenant, transactionId, idempotencyKey))
                .map(rows -> {
                    List<StoredDecision> found = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        found.add(new StoredDecision(row.getString("transaction_id"), row.getString("idempotency_key"),
                                row.getString("request_hash"), row.getString("response")));
                    }
                    return found;
                });
    }

    /**
     * Binds an Idempotency-Key whose first use replayed an earlier transaction to that use's body. False when the
     * key was taken meanwhile, by a decision or by another replay: {@link #findConflicting} then finds it.
     */
    public Uni<Boolean> bindReplayedKey(String tenant, String idempotencyKey, String requestHash,
            String transactionId) {
        return pool.preparedQuery(BIND_REPLAYED_KEY)
                .execute(Tuple.of(tenant, idempotencyKey, requestHash, transactionId))
                .map(rows -> rows.size() == 1);
    }

    /** A decision as stored: its transaction, the key and fingerprint it was submitted with, its answer. */
    public record StoredDecision(String transactionId, String idempotencyKey, String requestHash, String response) {}

    /** A decision to record, with its scored event. */
    private record Decision(Transaction tx, BigDecimal referenceAmount, DecisionResponse response,
            String responseJson, String topic, String payload, String traceparent, String idempotencyKey,
            String requestHash) {

        Key key() {
            return new Key(tx.tenant(), tx.transactionId());
        }
    }

    /** Each decision's outbox row id, in their order; empty for one whose transaction was already recorded. */
    private Uni<List<Optional<Long>>> recordAll(List<Decision> batch) {
        int n = batch.size();
        String[] tenant = new String[n], transactionId = new String[n], walletId = new String[n],
                currency = new String[n], merchantId = new String[n], mcc = new String[n], channel = new String[n],
                country = new String[n], deviceId = new String[n], ip = new String[n], decision = new String[n],
                modelVersion = new String[n], responseJson = new String[n], topic = new String[n],
                payload = new String[n], traceparent = new String[n], idempotencyKey = new String[n],
                requestHash = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        BigDecimal[] amount = new BigDecimal[n], referenceAmount = new BigDecimal[n];
        Double[] score = new Double[n];
        Boolean[] degraded = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Decision d = batch.get(i);
            Transaction tx = d.tx();
            tenant[i] = tx.tenant();
            transactionId[i] = tx.transactionId();
            walletId[i] = tx.walletId();
            occurredAt[i] = utc(tx.occurredAt());
            amount[i] = tx.amount();
            referenceAmount[i] = d.referenceAmount();
            currency[i] = tx.currency();
            merchantId[i] = tx.merchantId();
            mcc[i] = tx.merchantCategory();
            channel[i] = tx.channel().name();
            country[i] = tx.country();
            deviceId[i] = tx.deviceId();
            ip[i] = tx.ipAddress();
            decision[i] = d.response().decision().name();
            score[i] = d.response().score();
            modelVersion[i] = d.response().modelVersion();
            degraded[i] = d.response().degraded();
            responseJson[i] = d.responseJson();
            topic[i] = d.topic();
            payload[i] = d.payload();
            traceparent[i] = d.traceparent();
            idempotencyKey[i] = d.idempotencyKey();
            requestHash[i] = d.requestHash();
        }
        Tuple params = Tuple.tuple()
                .addArrayOfString(tenant)
                .addArrayOfString(transactionId)
                .addArrayOfString(walletId)
                .addArrayOfOffsetDateTime(occurredAt)
                .addArrayOfBigDecimal(amount)
                .addArrayOfString(currency)
                .addArrayOfString(merchantId)
                .addArrayOfString(mcc)
                .addArrayOfString(channel)
                .addArrayOfString(country)
                .addArrayOfString(deviceId)
                .addArrayOfString(ip)
                .addArrayOfString(decision)
                .addArrayOfDouble(score)
                .addArrayOfString(modelVersion)
                .addArrayOfBoolean(degraded)
                .addArrayOfString(responseJson)
                .addArrayOfString(topic)
                .addArrayOfString(walletId)
                .addArrayOfString(payload)
                .addArrayOfString(traceparent)
                .addArrayOfString(idempotencyKey)
                .addArrayOfString(requestHash)
                .addArrayOfBigDecimal(referenceAmount);
        return pool.preparedQuery(RECORD).execute(params).map(rows -> {
            List<Optional<Long>> ids = new ArrayList<>(Collections.nCopies(n, Optional.empty()));
            for (Row row : rows) {
                ids.set(row.getLong("n").intValue() - 1, Optional.of(row.getLong("id")));
            }
            return ids;
        });
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
     * per change. Returns the merchants and wallets whose settled parts a label or a void may have changed,
     * for {@link #settledChanged} once the caller's transaction committed.
     */
    public Uni<Recount> apply(SqlClient client, List<Change> changes) {
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
            return Uni.createFrom().item(new Recount(Set.of(), Set.of()));
        }
        // Only labels and voids move counts and histories: the RECORD of every decision sends nothing back.
        return client.preparedQuery("WITH changed AS (UPDATE wallet_transaction w"
                        + " SET status = coalesce(c.status, w.status), label = coalesce(c.label, w.label)"
                        + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                        + " AS c (tenant, transaction_id, status, label)"
                        + " WHERE w.tenant = c.tenant AND w.transaction_id = c.transaction_id"
                        + " RETURNING w.tenant, w.merchant_id, w.wallet_id,"
                        + " c.label IS NOT NULL OR c.status = 'VOIDED' AS recount)"
                        + " SELECT DISTINCT tenant, merchant_id, wallet_id FROM changed WHERE recount")
                .execute(Tuple.of(
                        last.keySet().stream().map(Key::tenant).toArray(String[]::new),
                        last.keySet().stream().map(Key::transactionId).toArray(String[]::new),
                        last.values().stream().map(row -> row.status).toArray(String[]::new),
                        last.values().stream().map(row -> row.label).toArray(String[]::new)))
                .map(rows -> {
                    Set<Merchant> merchants = new HashSet<>();
                    Set<Wallet> wallets = new HashSet<>();
                    for (Row row : rows) {
                        merchants.add(new Merchant(row.getString("tenant"), row.getString("merchant_id")));
                        wallets.add(new Wallet(row.getString("tenant"), row.getString("wallet_id")));
                    }
                    return new Recount(merchants, wallets);
                });
    }

    /** Labels or voids committed: the merchants' settled counts and the wallets' settled histories are read again. */
    public void settledChanged(Recount recount) {
        recount.merchants().forEach(settledCounts::changed);
        recount.wallets().forEach(settledWallets::changed);
    }

    /** A merchant of a tenant. */
    public record Merchant(String tenant, String merchantId) {}

    /** A wallet of a tenant. */
    public record Wallet(String tenant, String walletId) {}

    /** The merchants and wallets whose settled parts committed changes may have made stale. */
    public record Recount(Set<Merchant> merchants, Set<Wallet> wallets) {}

    /** A row's status and label as a batch of changes leaves them; null where the batch sets none. */
    private static final class LastChange {
        private String status;
        private String label;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
