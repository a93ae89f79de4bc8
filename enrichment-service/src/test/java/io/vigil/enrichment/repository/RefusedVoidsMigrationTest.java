package io.vigil.enrichment.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** V7 on the processed commands an earlier version kept, refused voids among them. */
class RefusedVoidsMigrationTest {

    private PostgresDatabase db;

    @BeforeEach
    void databaseAtVersion6() {
        db = PostgresDatabase.create("enrichment_migration");
        db.migrate("6");
    }

    @AfterEach
    void drop() {
        db.drop();
    }

    @Test
    void onlyTheRefusedVoidsAreForgottenSoTheirReSendsAreAppliedAnew() throws Exception {
        try (Connection c = db.connect()) {
            processed(c, "acme/tx-1:history.void", "VOID", false, "unknown transaction tx-1");
            processed(c, "acme/tx-2:history.void", "VOID", true, null);
            processed(c, "acme/tx-3:history.record", "RECORD", false, "unknown transaction tx-3");
            processed(c, "acme/tx-4:history.record", "RECORD", true, null);
        }

        db.migrate(null);

        Set<String> kept = new HashSet<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT message_id FROM processed_message")) {
            while (rs.next()) {
                kept.add(rs.getString(1));
            }
        }
        assertEquals(Set.of("acme/tx-2:history.void", "acme/tx-3:history.record", "acme/tx-4:history.record"), kept);
    }

    /** A processed command with its reply as the service stored it (Jackson, without spaces). */
    private static void processed(Connection c, String commandId, String type, boolean success, String reason)
            throws Exception {
        String tx = commandId.substring(commandId.indexOf('/') + 1, commandId.indexOf(':'));
        String reply = "{\"commandId\":\"" + commandId + "\",\"sagaId\":\"acme/" + tx + "\",\"type\":\"" + type
                + "\",\"success\":" + success + ",\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"") + "}";
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO processed_message (tenant, message_id, reply) VALUES ('acme', ?, ?)")) {
            ps.setString(1, commandId);
            ps.setString(2, reply);
            ps.executeUpdate();
        }
    }
}
