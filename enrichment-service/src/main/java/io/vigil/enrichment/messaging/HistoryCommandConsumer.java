package io.vigil.enrichment.messaging;

import static io.vigil.database.DatabasePatience.patiently;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.HistoryCommand;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.service.HistoryCommandService.Delivery;
import io.vigil.enrichment.service.InvalidCommandException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Saga commands for the wallet history. Each poll's commands are applied as one batch, in partition
 * order, in one transaction. Poison commands go to the saga dead-letter topic with the reason; if a
 * batch fails, its commands are applied again one by one, so an invalid or failing command reaches
 * the dead-letter topic without blocking the others. A database out of reach is no fault of the
 * commands: they wait for it, however long, and are never dead-lettered for it.
 */
@ApplicationScoped
public class HistoryCommandConsumer {

    private static final Logger LOG = Logger.getLogger(HistoryCommandConsumer.class);
    private static final int TRANSIENT_RETRIES = 3;

    private final HistoryCommandService history;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;

    public HistoryCommandConsumer(HistoryCommandService history, DeadLetters deadLetters, ObjectMapper json) {
        this.history = history;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    private record Received(ConsumerRecord<String, String> record, Delivery delivery) {}

    @Incoming("history-commands")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Received> commands = new ArrayList<>(records.count());
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            HistoryCommand command;
            try {
                command = record.value() == null ? null : json.readValue(record.value(), HistoryCommand.class);
            } catch (JacksonException e) {
                poison.add(deadLetters.sagaCommand(record.key(), record.value(),
                        "undeserializable: " + e.getOriginalMessage()));
                continue;
            }
            if (command == null) {
                poison.add(deadLetters.sagaCommand(record.key(), record.value(), "empty command"));
                continue;
            }
            Header traceparent = record.headers().lastHeader("traceparent");
            String parent = traceparent == null ? null : new String(traceparent.value(), StandardCharsets.UTF_8);
            commands.add(new Received(record, new Delivery(command, parent)));
        }
        Uni<Void> deadLettered = poison.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(poison).andFailFast().replaceWithVoid();
        return deadLettered.chain(() -> commands.isEmpty()
                ? Uni.createFrom().voidItem()
                : patiently(commands.size() + " command(s)",
                                () -> history.handle(commands.stream().map(Received::delivery).toList()))
                        .replaceWithVoid()
                        .onFailure().recoverWithUni(failure -> {
                            LOG.debugf("batch of %d command(s) failed (%s); applying them one by one",
                                    commands.size(), failure);
                            return oneByOne(commands);
                        }));
    }

    private Uni<Void> oneByOne(List<Received> commands) {
        return Multi.createFrom().iterable(commands)
                .onItem().transformToUniAndConcatenate(this::alone)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> alone(Received received) {
        ConsumerRecord<String, String> record = received.record();
        Delivery delivery = received.delivery();
        return patiently("command " + delivery.command().commandId(), () -> history.handle(List.of(delivery)))
                .onFailure(failure -> !(failure instanceof InvalidCommandException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(TRANSIENT_RETRIES)
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> deadLetters.sagaCommand(record.key(), record.value(),
                        failure instanceof InvalidCommandException
                                ? "invalid: " + failure.getMessage()
                                : "processing failed: " + failure));
    }
}
