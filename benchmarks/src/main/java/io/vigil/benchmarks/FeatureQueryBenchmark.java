package io.vigil.benchmarks;

import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.HistoryEvent;
import io.vigil.features.WalletHistory;
import io.vigil.testsupport.PostgresDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * enrichment-service's wallet-history snapshot ({@link HistoryRepository#SNAPSHOT}, the very text) against
 * the local PostgreSQL server: one round trip, rows read into a {@link WalletHistory}. Each trial creates a
 * throwaway database (dropped at tear-down), applies the service's migrations and loads {@link HistorySeed}
 * (200k rows for 20,000 wallets), then VACUUM ANALYZE, as autovacuum would have done on a live table. Server
 * from VIGIL_PG_HOST / VIGIL_PG_PORT / VIGIL_PG_USER, default 127.0.0.1:5432 postgres.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FeatureQueryBenchmark {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    /** normal: about 10 payments over 90 days; hot: {@link HistorySeed#HOT_ROWS} in the 30-day window. */
    @Param({"normal", "hot"})
    String wallet;

    /**
     * off: an unnamed statement, parsed and planned on every execution, as the Vert.x client sent the snapshot
     * while its text was longer than the client kept prepared (docs/benchmarks.md, twentieth round); on: as the
     * service runs it, one named statement with a generic plan (its connections set {@code plan_cache_mode}).
     */
    @Param({"off", "on"})
    String statementCache;

    /**
     * whole: the wallet read whole, as for its first snapshot in a while; kept: its history before T's minute
     * held by the service (SettledWalletHistory), so the statement reads only that minute's rows and runs no
     * wallet probe. The database's part only: the service adds what it holds in memory.
     */
    @Param({"whole", "kept"})
    String history;

    @Param({"20000"})
    int wallets;

    PostgresDatabase database;
    Connection connection;
    JdbcQuery query;
    PreparedStatement snapshot;
    Object[] values;

    /**
     * Vert.x text for PgJDBC, which binds only {@code ?}: each {@code $n} becomes a {@code ?} bound to the n-th
     * value ({@code placeholders}, in order). The text must hold no other {@code $}, as the snapshot's does not.
     */
    record JdbcQuery(String sql, int[] placeholders) {

        static JdbcQuery of(String text) {
            StringBuilder sql = new StringBuilder();
            List<Integer> order = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                order.add(Integer.parseInt(m.group(1)));
                m.appendReplacement(sql, "?");
            }
            m.appendTail(sql);
            return new JdbcQuery(sql.toString(), order.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        database = PostgresDatabase.create("vigil_jmh");
        try {
            connection = DriverManager.getConnection(database.jdbcUrl(), connectionProperties());
            EnrichmentSchema.migrate(connection);
            int rows = HistorySeed.load(connection, wallets);
            try (Statement s = connection.createStatement()) {
                s.execute("VACUUM ANALYZE wallet_transaction");
            }
            String walletId = wallet.equals("hot") ? HistorySeed.hotWallet(0) : HistorySeed.normalWallet(wallets / 2);
            values = candidate(walletId);
            query = JdbcQuery.of(HistoryRepository.SNAPSHOT);
            snapshot = connection.prepareStatement(query.sql());
            System.out.printf("%n%s: %d rows seeded, wallet %s has %d events in the window%n", database.name(), rows,
                    walletId, snapshot().recent().size());
        } catch (Exception e) {
            tearDown();
            throw e;
        }
    }

    /**
     * As the Vert.x client sends it: string parameters typed by the server from the query (country is CHAR(2)),
     * and an unnamed statement per execution unless the statement cache is on.
     */
    private Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("user", database.user());
        p.setProperty("password", database.password());
        p.setProperty("prepareThreshold", statementCache.equals("on") ? "1" : "0");
        if (statementCache.equals("on")) {
            p.setProperty("options", "-c plan_cache_mode=force_generic_plan");
        }
        p.setProperty("stringtype", "unspecified");
        return p;
    }

    /**
     * The query's parameters ($1..$16, arrays of one candidate) for a habitual payment at T: the wallet's
     * latest device, country and merchant, and no settled merchant counts known, so the query counts the
     * merchant's whole month as it does once per merchant and minute in the service; the wallet as {@link #history}
     * says.
     */
    private Object[] candidate(String walletId) throws SQLException {
        try (PreparedStatement latest = connection.prepareStatement("SELECT device_id, country, merchant_id"
                + " FROM wallet_transaction WHERE tenant = ? AND wallet_id = ? AND counted"
                + " ORDER BY occurred_at DESC LIMIT 1")) {
            latest.setString(1, HistorySeed.TENANT);
            latest.setString(2, walletId);
            try (ResultSet rs = latest.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("wallet " + walletId + " was not seeded");
                }
                OffsetDateTime t = Samples.T.atOffset(ZoneOffset.UTC);
                OffsetDateTime minute = t.truncatedTo(ChronoUnit.MINUTES);
                boolean kept = history.equals("kept");
                OffsetDateTime eventsFrom = kept ? minute : minute.minus(FeatureCalculator.WINDOW_30D);
                return new Object[] {one("text", HistorySeed.TENANT), one("text", walletId),
                        one("timestamptz", t), one("timestamptz", t.minus(FeatureCalculator.WINDOW_30D)),
                        one("text", rs.getString("device_id")), one("bpchar", rs.getString("country")),
                        one("text", rs.getString("merchant_id")), one("timestamptz", minute),
                        one("timestamptz", minute.minus(FeatureCalculator.WINDOW_30D)), one("int8", null),
                        one("int8", null), one("timestamptz", eventsFrom),
                        one("bool", !kept), one("bool", !kept), one("bool", !kept), one("bool", !kept)};
            }
        }
    }

    /** A one-candidate array of the statement's parameter, as the service binds a snapshot that goes alone. */
    private Array one(String type, Object value) throws SQLException {
        return connection.createArrayOf(type, new Object[] {value == null ? null : value.toString()});
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            database.drop();
        }
    }

    @Benchmark
    public WalletHistory snapshot() throws SQLException {
        for (int i = 0; i < query.placeholders().length; i++) {
            snapshot.setObject(i + 1, values[query.placeholders()[i] - 1]);
        }
        try (ResultSet rows = snapshot.executeQuery()) {
            return toHistory(rows);
        }
    }

    /** What HistoryRepository makes of the rows: the summary repeats on each; no event in the window, one row of nulls. */
    private static WalletHistory toHistory(ResultSet rows) throws SQLException {
        List<HistoryEvent> events = new ArrayList<>();
        if (!rows.next()) {
            return WalletHistory.EMPTY;
        }
        OffsetDateTime firstSeen = rows.getObject("first_seen", OffsetDateTime.class);
        WalletHistory summary = new WalletHistory(events, firstSeen == null ? null : firstSeen.toInstant(),
                rows.getBoolean("device_seen"), rows.getBoolean("country_seen"), rows.getBoolean("merchant_seen"),
                (int) rows.getLong("merchant_count"), (int) rows.getLong("merchant_fraud"));
        do {
            OffsetDateTime occurredAt = rows.getObject("occurred_at", OffsetDateTime.class);
            if (occurredAt != null) {
                events.add(new HistoryEvent(occurredAt.toInstant(),
                        rows.getBigDecimal("reference_amount").doubleValue(), rows.getString("merchant_id"),
                        rows.getString("country"), rows.getString("device_id"), rows.getBoolean("declined"),
                        rows.getBoolean("fraud")));
            }
        } while (rows.next());
        return summary;
    }
}
