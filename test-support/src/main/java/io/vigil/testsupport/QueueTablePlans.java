package io.vigil.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * How PostgreSQL plans a statement on a queue-like table (an outbox) after a vacuum found it empty: the
 * moment a vacuum may truncate the table and the services' generic plans are made again against it.
 */
public final class QueueTablePlans {

    /** The table's size in pages before and after the vacuum, and the generic plan made after it. */
    public record AfterVacuum(long pagesBefore, long pagesAfter, String plan) {}

    private QueueTablePlans() {}

    /**
     * Runs {@code burst} (rows inserted and deleted in one transaction, so no relay ever sees them), vacuums
     * {@code table}, then prepares {@code statement} with a generic plan, as the services' connections do, and
     * explains it executed with {@code arguments}.
     *
     * @param parameterTypes the statement's parameter types, as in {@code PREPARE name(bigint[])}
     */
    public static AfterVacuum afterVacuumFoundItEmpty(String jdbcUrl, String table, List<String> burst,
            String statement, String parameterTypes, String arguments) {
        try (Connection c = PostgresDatabase.connect(jdbcUrl);
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String sql : burst) {
                s.execute(sql);
            }
            long before = pages(s, table);
            c.commit();
            c.setAutoCommit(true);
            s.execute("VACUUM " + table);
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE planned(" + parameterTypes + ") AS " + statement);
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE planned(" + arguments + ")")) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            s.execute("DEALLOCATE planned");
            return new AfterVacuum(before, pages(s, table), String.join("\n", plan));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long pages(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_relation_size('" + table + "') / 8192")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
