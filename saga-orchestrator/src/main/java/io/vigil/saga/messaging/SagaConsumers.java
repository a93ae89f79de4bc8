package io.vigil.saga.messaging;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.saga.config.SagaConfig;
import io.vigil.saga.model.InboundMessage;
import io.vigil.saga.service.SagaOrchestrator;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka entry points. Records of a partition are handled one after the other (per-wallet order, the
 * key being the walletId); the offset is committed only after the record's transaction committed.
 * Poison goes to the dead-letter topic at once; a record whose processing keeps failing goes there
 * after a few attempts, so neither blocks its partition. If even the dead-letter write fails (the
 * database is down), the channel fails and health reports it rather than skipping the record.
 */
@ApplicationScoped
public class SagaConsumers {

    private static final Logger LOG = Logger.getLogger(SagaConsumers.class);

    private final SagaOrchestrator orchestrator;
    private final InboundParser parser;
    private final SagaConfig config;

    public SagaConsumers(SagaOrchestrator orchestrator, InboundParser parser, SagaConfig config) {
        this.orchestrator = orchestrator;
        this.parser = parser;
        this.config = config;
    }

    @Incoming("scored")
    public Uni<Void> onScored(ConsumerRecord<String, String> record) {
        InboundMessage in = inbound(record);
        InboundParser.Parsed<ScoredTransaction> parsed = parser.scored(in.key(), in.value());
        return handle(in, parsed, scored -> orchestrator.start(in, scored));
    }

    @Incoming("history-replies")
    public Uni<Void> onReply(ConsumerRecord<String, String> record) {
        InboundMessage in = inbound(record);
        return handle(in, parser.reply(in.value()), reply -> orchestrator.reply(in, reply));
    }

    @Incoming("cancellations")
    public Uni<Void> onCancellation(ConsumerRecord<String, String> record) {
        InboundMessage in = inbound(record);
        return handle(in, parser.cancellation(in.value()), event -> orchestrator.cancelled(in, event));
    }

    private <T> Uni<Void> handle(InboundMessage in, InboundParser.Parsed<T> parsed, Function<T, Uni<Void>> work) {
        if (parsed.rejection() != null) {
            return orchestrator.deadLetter(in, parsed.rejection());
        }
        return Uni.createFrom().deferred(() -> work.apply(parsed.value()))
                .onFailure().invoke(e -> LOG.warnf("processing %s failed: %s", in.messageId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .atMost(config.inbound().maxAttempts() - 1L)
                .onFailure().recoverWithUni(e -> orchestrator.deadLetter(
                        in, "processing failed after " + config.inbound().maxAttempts() + " attempts: " + e));
    }

    private static InboundMessage inbound(ConsumerRecord<String, String> record) {
        return new InboundMessage(
                InboundMessage.idOf(record.topic(), record.partition(), record.offset()),
                record.topic(),
                record.key(),
                record.value());
    }
}
