package io.vigil.systemtests;

import io.vigil.launcher.Platform;
import io.vigil.launcher.Service;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #6: 1,000 transactions through the gateway while a part of the platform crashes, and in the end
 * every saga finished exactly once: one decision per transaction on {@code vigil.decisions}, one audit
 * row, one wallet-history row, nothing left in the outbox, every saga COMPLETED. Clients retry with the
 * same Idempotency-Key, as designed. Each run prints its figures (see {@link RecoveryRun}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaRecoveryIT {

    @Test
    @Order(1)
    void everySagaFinishesExactlyOnceWhenTheOrchestratorIsKilledMidRun() throws Exception {
        Platform platform = RunningPlatform.get();

        RecoveryRun.Outcome outcome = new RecoveryRun(platform, "saga-kill").execute("SIGKILL saga-orchestrator", () -> {
            platform.kill(Service.SAGA);
            platform.restart(Service.SAGA);
        });

        outcome.assertEverySagaFinishedExactlyOnce();
    }

    @Test
    @Order(2)
    void everySagaFinishesExactlyOnceWhenTheKafkaBrokerRestartsMidRun() throws Exception {
        Platform platform = RunningPlatform.get();

        RecoveryRun.Outcome outcome = new RecoveryRun(platform, "kafka-restart").execute("SIGKILL Kafka broker", () -> {
            platform.killKafka();
            platform.restartKafka();
        });

        outcome.assertEverySagaFinishedExactlyOnce();
    }
}
