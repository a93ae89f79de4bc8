package io.vigil.enrichment.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.testsupport.PostgresDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** V8 on a history an earlier version wrote, which counted every amount as it came, and beside its pods. */
class ReferenceAmountsMigrationTest {

    private static final String WINDOW_COLUMNS =
            "INCLUDE (amount, reference_amount, merchant_id, country, device_id, decision, label, created_at)";

    private PostgresDatabase db;

    @BeforeEach
    void databaseAtVersion7() {
        db = PostgresDatabase.create("enrichment_migration");
        db.migrate("7");
    }

    @AfterEach
    void drop() {
        db.drop();
    }

    @Test
    void rowsWithoutAReferenceAmountAreKeptAndStillWrittenByEarlierVersionsAndTheWindowCarriesBothAmounts()
            throws Exception {
        try (Connection c = db.connect()) {
            row(c, "tx-1", "49.90", "EUR");
            row(c, "tx-2", "5000", "JPY");
        }

        db.migrate(null);

        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            row(c, "tx-3", "12.00", "EUR");
            Map<String, String> rows = new HashMap<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT transaction_id, amount, reference_amount FROM wallet_transaction")) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getBigDecimal(2).toPlainString() + "/" + rs.getBigDecimal(3));
                }
            }
            assertEquals(Map.of("tx-1", "49.90/null", "tx-2", "5000/null", "tx-3", "12.00/null"), rows,
                    "nothing rewritten, and an earlier version's insert still succeeds");
            assertTrue(windowDefinition(s).contains(WINDOW_COLUMNS), windowDefinition(s));
        }
    }

    @Test
    void aColumnAndIndexPreparedByHandBeforeTheUpgradeAreLeftAlone() throws Exception {
        long preparedIndex;
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE wallet_transaction ADD COLUMN reference_amount NUMERIC");
            s.execute("CREATE INDEX wallet_transaction_window_v8"
                    + " ON wallet_transaction (tenant, wallet_id, occurred_at) " + WINDOW_COLUMNS + " WHERE counted");
            s.execute("DROP INDEX wallet_transaction_window");
            s.execute("ALTER INDEX wallet_transaction_window_v8 RENAME TO wallet_transaction_window");
            preparedIndex = windowIndex(s);
        }

        db.migrate(null);

        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            assertEquals(preparedIndex, windowIndex(s), "not rebuilt");
            assertTrue(windowDefinition(s).contains(WINDOW_COLUMNS), windowDefinition(s));
        }
    }

    private static long windowIndex(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT 'wallet_transaction_window'::regclass::oid")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static String windowDefinition(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'wallet_transaction_window'")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    /** A history row as versions before V8 write it: without a reference amount. */
    private static void row(Connection c, String transactionId, String amount, String currency) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_transaction (tenant, transaction_id,"
                + " wallet_id, occurred_at, amount, currency, merchant_id, channel, country, decision, score,"
                + " model_version, degraded, response) VALUES ('acme', ?, 'w-1', now() - interval '1 hour', ?, ?,"
                + " 'm-1', 'ECOM', 'FR', 'APPROVE', 0.1, 'm', false, '{}')")) {
            ps.setString(1, transactionId);
            ps.setBigDecimal(2, new BigDecimal(amount));
            ps.setString(3, currency);
            ps.executeUpdate();
        }
    }
}
