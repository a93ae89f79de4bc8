package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.Channel;
import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Features;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.Transaction;
import io.vigil.contracts.Verdict;
import io.vigil.enrichment.service.FeatureService;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.InMemoryHistory;
import io.vigil.features.ReferenceCurrency;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Train/serve parity: a seeded random stream written through the service's PostgreSQL path yields
 * exactly the features that the in-memory history used for training computes.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class FeatureParityTest {

    private static final int TRANSACTIONS = 300;
    private static final String[] COUNTRIES = {"FR", "DE", "ES", "IT", "GB", "US", "BR"};

    @Inject
    ObjectMapper json;

    @Inject
    HistoryCommandService history;

    @Inject
    FeatureService features;

    @Inject
    ReferenceCurrency referenceCurrency;

    @Inject
    CircuitBreakerMaintenance breakers;

    @InjectWireMock
    WireMockServer mlEngine;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(json);
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
    }

    private record Case(Transaction tx, BigDecimal referenceAmount, Features expected) {}

    @Test
    void postgresFeaturesEqualInMemoryFeaturesForEveryTransactionOfARandomStreamAloneOrSharingStatements() {
        String tenant = "parity-" + UUID.randomUUID();
        Random random = new Random(20261123L);
        InMemoryHistory memory = new InMemoryHistory();
        List<Case> cases = new ArrayList<>();
        Instant at = Instant.now().minus(Duration.ofDays(45)).truncatedTo(ChronoUnit.SECONDS);
        int voided = 0, fraud = 0, declined = 0;

        for (int i = 0; i < TRANSACTIONS; i++) {
            at = at.plusMillis(random.nextDouble() < 0.3
                    ? 1_000 + random.nextInt(120_000)
                    : 60_000 + random.nextInt(8 * 3_600_000));
            int wallet = (int) Math.floor(Math.pow(random.nextDouble(), 1.5) * 6);
            Transaction tx = randomTransaction(random, tenant, i, wallet, at);
            BigDecimal referenceAmount = referenceCurrency.convert(tx.amount(), tx.currency());
            double amount = referenceAmount.doubleValue();

            Features expected = FeatureCalculator.compute(tx, amount, memory.snapshot(tx));
            DecisionResponse response = api.decide(tx);
            assertEquals(expected, response.features(), "features of " + tx.transactionId());
            cases.add(new Case(tx, referenceAmount, expected));

            boolean isDeclined = response.decision() == Decision.DECLINE;
            declined += isDeclined ? 1 : 0;
            double roll = random.nextDouble();
            if (roll < 0.08) {
                command(tx, HistoryCommand.Type.VOID, null);
                voided++;
            } else if (roll < 0.18) {
                command(tx, HistoryCommand.Type.LABEL, Verdict.FRAUD);
                memory.record(tx, amount, isDeclined, true);
                fraud++;
            } else {
                if (roll < 0.25) {
                    command(tx, HistoryCommand.Type.LABEL, Verdict.LEGIT);
                }
                command(tx, HistoryCommand.Type.RECORD, null);
                memory.record(tx, amount, isDeclined, false);
            }
        }
        assertTrue(voided > 5 && fraud > 10 && declined > 10, "the stream exercises voids, labels and declines");

        // Every snapshot again, now with the whole stream (later rows, voids, labels) in the table, and all at
        // once, so they share statements as concurrent requests do: each must still get its own wallet's answer.
        List<Features> again = Uni.join()
                .all(cases.stream().map(c -> features.featuresOf(c.tx(), c.referenceAmount())).toList())
                .andFailFast().await().indefinitely();
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(cases.get(i).expected(), again.get(i),
                    "features of " + cases.get(i).tx().transactionId() + " with later history present");
        }
    }

    private static Transaction randomTransaction(Random random, String tenant, int i, int wallet, Instant at) {
        String walletId = "pw-" + wallet;
        BigDecimal amount = BigDecimal.valueOf(random.nextDouble() < 0.05
                        ? 500 + random.nextInt(5_000_00) / 100.0
                        : 1 + random.nextInt(200_00) / 100.0)
                .setScale(2, java.math.RoundingMode.HALF_UP);
        // most of a wallet's payments in EUR, the reference, some converted: JPY has no decimals and a rate of ~1/170
        double c = random.nextDouble();
        String currency = c < 0.7 ? "EUR" : c < 0.85 ? "USD" : c < 0.93 ? "GBP" : "JPY";
        if (currency.equals("JPY")) {
            amount = amount.multiply(BigDecimal.valueOf(170)).setScale(0, java.math.RoundingMode.HALF_UP);
        }
        double d = random.nextDouble();
        String device = d < 0.1 ? null : d < 0.75 ? walletId + "-phone" : walletId + "-dev" + random.nextInt(4);
        String country = random.nextDouble() < 0.8 ? COUNTRIES[wallet % COUNTRIES.length]
                : COUNTRIES[random.nextInt(COUNTRIES.length)];
        String merchant = "pm-" + random.nextInt(10);
        String id = "p-" + i + (random.nextDouble() < 0.15 ? "-D" : "");
        return new Transaction(tenant, id, walletId, amount, currency, merchant, "5" + (100 + random.nextInt(900)),
                Channel.values()[random.nextInt(Channel.values().length)], country, device, "10.1.2." + wallet, at);
    }

    private void command(Transaction tx, HistoryCommand.Type type, Verdict label) {
        HistoryCommand command = new HistoryCommand(tx.transactionId() + ":" + type + ":" + label,
                tx.transactionId(), type, tx.tenant(), tx.transactionId(), tx.walletId(), label);
        assertTrue(history.handle(command, null).await().indefinitely().success());
    }
}
