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

/** V8 on a history an earlier version wrote, which counted every amount as it came. */
class ReferenceAmountsMigrationTest {

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
    void earlierRowsKeepTheAmountTheirFeaturesCountedAndTheWindowIndexCarriesIt() throws Exception {
        try (Connection c = db.connect()) {
            row(c, "tx-1", "49.90", "EUR");
            row(c, "tx-2", "5000", "JPY");
        }

        db.migrate(null);

        Map<String, BigDecimal> counted = new HashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT transaction_id, reference_amount FROM wallet_transaction")) {
                while (rs.next()) {
                    counted.put(rs.getString(1), rs.getBigDecimal(2));
                }
            }
            // the window's events read the reference amount from the index, as they read the amount before
            try (ResultSet rs = s.executeQuery(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'wallet_transaction_window'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("INCLUDE (reference_amount, merchant_id, country, device_id,"
                        + " decision, label, created_at) WHERE counted"), rs.getString(1));
            }
        }
        assertEquals(Map.of("tx-1", new BigDecimal("49.90"), "tx-2", new BigDecimal("5000")), counted);
    }

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
