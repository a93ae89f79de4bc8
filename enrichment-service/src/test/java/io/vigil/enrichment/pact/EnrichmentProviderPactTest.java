package io.vigil.enrichment.pact;

import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.MessageTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Consumer;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.TestKafka;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vigil.testsupport.MessagePactAssertions;

/**
 * Replays saga-orchestrator's pact for enrichment-service: HTTP interactions against the running
 * service (WireMock stands in for ml-engine), and messages as the service really produces them: the
 * scored event it published to Kafka after a real scoring, and the reply kept with the processed command
 * after a real history command, i.e. exactly what it sends to Kafka, compared by
 * {@link MessagePactAssertions}. The gateway's HTTP pact is replayed by {@link GatewayProviderPactTest}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
@Provider("enrichment-service")
@Consumer("saga-orchestrator")
@PactFolder("../contracts/pacts")
class EnrichmentProviderPactTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    ObjectMapper json;

    @Inject
    HistoryCommandService history;

    @Inject
    Pool pool;

    @BeforeEach
    void target(PactVerificationContext context) {
        if (context.getInteraction().isAsynchronousMessage()) {
            context.setTarget(new MessageTestTarget());
        } else {
            context.setTarget(new HttpTestTarget(root.getHost(), root.getPort()));
        }
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void honoursThePact(PactVerificationContext context) {
        if (context.getInteraction() instanceof V4Interaction.AsynchronousMessage message) {
            switch (message.getDescription()) {
                case "a scored transaction" -> MessagePactAssertions.assertHonoured(message, Topics.SCORED,
                        scoredEvent());
                case "a history reply" -> MessagePactAssertions.assertHonoured(message, Topics.HISTORY_REPLIES,
                        storedReply(applyHistoryCommand()));
                default -> throw new AssertionError("enrichment-service produces no message '"
                        + message.getDescription() + "'");
            }
        } else {
            context.verifyInteraction();
        }
    }

    @State("a transaction has been scored")
    void transactionScored() {
        // each message interaction scores a fresh transaction in honoursThePact
    }

    @State("a history command has been applied")
    void historyCommandApplied() {
        // each message interaction applies a fresh command in honoursThePact
    }

    /** Scores a transaction of a fresh wallet; the scored event the outbox relay sent to Kafka for it. */
    private String scoredEvent() {
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            String wallet = "w-" + UUID.randomUUID();
            new Api(json).decide(Tx.of("pact-" + UUID.randomUUID(), wallet, "tx-" + UUID.randomUUID(), recently())
                    .amount("250.50").build());
            return scored.await(r -> wallet.equals(r.key()), Duration.ofSeconds(30)).value();
        }
    }

    /** Applies a RECORD to a fresh transaction of a fresh tenant; the tenant, which holds only that command. */
    private String applyHistoryCommand() {
        String tenant = "pact-" + UUID.randomUUID();
        String wallet = "w-" + UUID.randomUUID();
        String transaction = "tx-" + UUID.randomUUID();
        new Api(json).decide(Tx.of(tenant, wallet, transaction, recently()).build());
        HistoryCommand record = new HistoryCommand(transaction + ":history.record", transaction,
                HistoryCommand.Type.RECORD, tenant, transaction, wallet, null);
        history.handle(record, null).await().atMost(Duration.ofSeconds(30));
        return tenant;
    }

    private static Instant recently() {
        return Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The reply sent to Kafka for the tenant's one command, as kept with the processed command. */
    private String storedReply(String tenant) {
        return single("SELECT reply FROM processed_message WHERE tenant = $1", Tuple.of(tenant));
    }

    private String single(String sql, Tuple params) {
        return pool.preparedQuery(sql)
                .execute(params)
                .await().atMost(Duration.ofSeconds(30))
                .iterator().next().getString(0);
    }
}
