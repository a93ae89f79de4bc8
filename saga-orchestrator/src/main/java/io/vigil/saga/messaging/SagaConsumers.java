package io.vigil.saga.messaging;

import static io.vigil.database.DatabasePatience.patiently;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.saga.config.SagaConfig;
import io.vigil.saga.model.InboundMessage;
import io.vigil.saga.model.SagaInput;
import io.vigil.saga.service.SagaOrchestrator;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka entry points. Each poll's records are applied as one batch, in one transaction, in partition
 * order (per-wallet order, the key being the walletId); offsets are committed only after the batch
 * committed. Poison goes to the dead-letter topic within the batch. If a batch fails, its records are
 * applied again one by one: a record whose processing keeps failing then goes to the dead-letter topic
 * after a few attempts, so it blocks neither its partition nor the rest of its batch. A database out of
 * reach is no fault of the record: the record waits for it, however long, and is never dead-lettered for it.
 */
@ApplicationScoped
public class SagaConsumers {

    private static final Logger LOG = Logger.getLogger(SagaConsumers.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final SagaOrchestrator orchestrator;
    private final InboundParser parser;
    private final SagaConfig config;

    public SagaConsumers(SagaOrchestrator orchestrator, InboundParser parser, SagaConfig config) {
        this.orchestrator = orchestrator;
        this.parser = parser;
        this.config = config;
    }

    @Incoming("scored")
    public Uni<Void> onScored(ConsumerRecords<String, String> records) {
        return handle(records, in -> input(in, parser.scored(in.key(), in.value()), SagaInput.Scored::new));
    }

    @Incoming("history-replies")
    public Uni<Void> onReply(ConsumerRecords<String, String> records) {
        return handle(records, in -> input(in, parser.reply(in.value()), SagaInput.Replied::new));
    }

    @Incoming("cancellations")
    public Uni<Void> onCancellation(ConsumerRecords<String, String> records) {
        return handle(records, in -> input(in, parser.cancellation(in.value()), SagaInput.Cancelled::new));
    }

    private static <T> SagaInput input(
            InboundMessage in, InboundParser.Parsed<T> parsed, BiFunction<InboundMessage, T, SagaInput> valid) {
        return parsed.rejection() != null ? new SagaInput.Poison(in, parsed.rejection()) : valid.apply(in, parsed.value());
    }

    private Uni<Void> handle(ConsumerRecords<String, String> records, Function<InboundMessage, SagaInput> read) {
        List<SagaInput> inputs = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            inputs.add(read.apply(inbound(record)));
        }
        return Uni.createFrom().deferred(() -> orchestrator.consume(inputs))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("batch of %d record(s) failed (%s); applying them one by one", inputs.size(), e.toString());
                    return oneByOne(inputs);
                });
    }

    private Uni<Void> oneByOne(List<SagaInput> inputs) {
        return Multi.createFrom().iterable(inputs)
                .onItem().transformToUniAndConcatenate(this::alone)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> alone(SagaInput input) {
        InboundMessage in = input.message();
        return patiently(in.messageId(), () -> orchestrator.consume(List.of(input)))
                .onFailure().invoke(e -> LOG.warnf("processing %s failed: %s", in.messageId(), e.toString()))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF)
                .atMost(config.inbound().maxAttempts() - 1L)
                .onFailure().recoverWithUni(e -> patiently(in.messageId(), () -> orchestrator.consume(List.of(new SagaInput.Poison(
                        in, "processing failed after " + config.inbound().maxAttempts() + " attempts: " + e)))));
    }


    private static InboundMessage inbound(ConsumerRecord<String, String> record) {
        return new InboundMessage(
                InboundMessage.idOf(record.topic(), record.partition(), record.offset(), record.timestamp()),
                record.topic(),
                record.key(),
                record.value());
    }
}
