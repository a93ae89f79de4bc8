package io.vigil.enrichment.messaging;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.HistoryCommand;
import io.vigil.enrichment.service.HistoryCommandService;
import io.vigil.enrichment.service.InvalidCommandException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Saga commands for the wallet history; poison commands go to the saga dead-letter topic with the reason. */
@ApplicationScoped
public class HistoryCommandConsumer {

    private static final int TRANSIENT_RETRIES = 3;

    private final HistoryCommandService history;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;

    public HistoryCommandConsumer(HistoryCommandService history, DeadLetters deadLetters, ObjectMapper json) {
        this.history = history;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @Incoming("history-commands")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        HistoryCommand command;
        try {
            command = record.value() == null ? null : json.readValue(record.value(), HistoryCommand.class);
        } catch (JacksonException e) {
            return deadLetters.sagaCommand(record.key(), record.value(), "undeserializable: " + e.getOriginalMessage());
        }
        if (command == null) {
            return deadLetters.sagaCommand(record.key(), record.value(), "empty command");
        }
        Header traceparent = record.headers().lastHeader("traceparent");
        String parent = traceparent == null ? null : new String(traceparent.value(), StandardCharsets.UTF_8);
        return Uni.createFrom().deferred(() -> history.handle(command, parent))
                .onFailure(failure -> !(failure instanceof InvalidCommandException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(TRANSIENT_RETRIES)
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> deadLetters.sagaCommand(record.key(), record.value(),
                        failure instanceof InvalidCommandException
                                ? "invalid: " + failure.getMessage()
                                : "processing failed: " + failure));
    }
}
