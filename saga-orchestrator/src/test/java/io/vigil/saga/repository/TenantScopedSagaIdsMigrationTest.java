package io.vigil.saga.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.saga.model.SagaIds;
import io.vigil.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** V6 on a database an earlier version wrote: sagas keyed by transaction id alone, as they were. */
class TenantScopedSagaIdsMigrationTest {

    /** A tenant with every character the saga id escapes, and a quote the step log's JSON escapes. */
    private static final String AWKWARD_TENANT = "a/b%c\"d";

    private final ObjectMapper json = new ObjectMapper();
    private PostgresDatabase db;

    @BeforeEach
    void databaseAtVersion5() {
        db = PostgresDatabase.create("saga_migration");
        db.migrate("5");
    }

    @AfterEach
    void drop() {
        db.drop();
    }

    @Test
    void sagaIdsTakeTheirTenantAndUnsettledSagasAwaitTheirCommandsUnderTheNewIds() throws Exception {
        try (Connection c = db.connect()) {
            insertSaga(c, "acme", "tx-1", "COMPLETED", "DONE");
            insertSaga(c, AWKWARD_TENANT, "tx-2", "RUNNING", "AWAITING_REPLY");
            execute(c, "INSERT INTO decision_audit (transaction_id, tenant, wallet_id, decision, score, reasons,"
                    + " degraded, recorded_at) VALUES ('tx-1', 'acme', 'w-1', 'REVIEW', 0.6, '[]', false, now())");
            execute(c, "INSERT INTO analyst_case (case_id, tenant, wallet_id, status, score, reasons, opened_at,"
                    + " expires_at) VALUES ('tx-1', 'acme', 'w-1', 'OPEN', 0.6, '[]', now(), now())");
        }

        db.migrate(null);

        try (Connection c = db.connect()) {
            Map<String, String> commandIds = commandIdsBySagaId(c);
            assertEquals(Map.of(
                            SagaIds.of("acme", "tx-1"), "tx-1:history.record",
                            SagaIds.of(AWKWARD_TENANT, "tx-2"), SagaIds.of(AWKWARD_TENANT, "tx-2") + ":history.record"),
                    commandIds,
                    "settled sagas keep their step log as it happened; unsettled ones await the new command id");
            // the same transaction id in another tenant now has its own audit row and case
            execute(c, "INSERT INTO decision_audit (transaction_id, tenant, wallet_id, decision, score, reasons,"
                    + " degraded, recorded_at) VALUES ('tx-1', 'globex', 'w-9', 'REVIEW', 0.6, '[]', false, now())");
            execute(c, "INSERT INTO analyst_case (case_id, tenant, wallet_id, status, score, reasons, opened_at,"
                    + " expires_at) VALUES ('tx-1', 'globex', 'w-9', 'OPEN', 0.6, '[]', now(), now())");
            assertEquals(2, count(c, "SELECT count(*) FROM decision_audit WHERE transaction_id = 'tx-1'"));
            assertEquals(2, count(c, "SELECT count(*) FROM analyst_case WHERE case_id = 'tx-1'"));
        }
    }

    private void insertSaga(Connection c, String tenant, String tx, String state, String stepStatus)
            throws Exception {
        Map<String, Object> step = new HashMap<>();
        step.put("name", "history.record");
        step.put("status", stepStatus);
        step.put("commandId", tx + ":history.record");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO saga_instance (saga_id, saga_type, tenant,"
                + " wallet_id, state, cursor_pos, steps, started_at, updated_at, version)"
                + " VALUES (?, 'transaction', ?, 'w-1', ?, 0, ?::json, now(), now(), 1)")) {
            ps.setString(1, tx);
            ps.setString(2, tenant);
            ps.setString(3, state);
            ps.setString(4, json.writeValueAsString(new Object[] {step}));
            ps.executeUpdate();
        }
    }

    private Map<String, String> commandIdsBySagaId(Connection c) throws Exception {
        Map<String, String> commandIds = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT saga_id, steps::text FROM saga_instance")) {
            while (rs.next()) {
                JsonNode steps = json.readTree(rs.getString(2));
                commandIds.put(rs.getString(1), steps.get(0).get("commandId").asText());
            }
        }
        return commandIds;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
