package io.vigil.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(PostgresTestResource.class)}: a fresh database for the test run, wired
 * into both the reactive datasource and the JDBC one Flyway migrates with; dropped afterwards.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private PostgresDatabase database;

    @Override
    public Map<String, String> start() {
        database = PostgresDatabase.create("vigil");
        return Map.of(
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.drop();
        }
    }
}
