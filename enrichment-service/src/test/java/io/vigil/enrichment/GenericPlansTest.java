package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The service's connections ask PostgreSQL for generic plans of its prepared statements (see application.properties). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class GenericPlansTest {

    @Inject
    Pool pool;

    @Test
    void everyPooledConnectionPlansPreparedStatementsGenerically() {
        String mode = pool.query("SHOW plan_cache_mode").execute()
                .map(rows -> rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals("force_generic_plan", mode);
    }
}
