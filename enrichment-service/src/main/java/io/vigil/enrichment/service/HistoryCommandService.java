package io.vigil.enrichment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.messaging.OutboxRelay;
import io.vigil.enrichment.model.HistoryEntry;
import io.vigil.enrichment.model.HistoryStatus;
import io.vigil.enrichment.model.OutboxMessage;
import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.enrichment.repository.OutboxRepository;
import io.vigil.enrichment.repository.ProcessedMessageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The history participant of the saga. The effect, the processed-message row and the reply's outbox
 * row commit together, so a redelivered command is answered with the same reply and applied once.
 */
@ApplicationScoped
public class HistoryCommandService {

    private final Pool pool;
    private final HistoryRepository history;
    private final ProcessedMessageRepository processed;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final ObjectMapper json;

    public HistoryCommandService(Pool pool, HistoryRepository history, ProcessedMessageRepository processed,
            OutboxRepository outbox, OutboxRelay relay, ObjectMapper json) {
        this.pool = pool;
        this.history = history;
        this.processed = processed;
        this.outbox = outbox;
        this.relay = relay;
        this.json = json;
    }

    /** Applies the command once and sends its reply (again, for a duplicate). */
    public Uni<HistoryReply> handle(HistoryCommand command, String traceparent) {
        check(command);
        return pool.withTransaction(conn -> processed.findReply(conn, command.tenant(), command.commandId())
                        .flatMap(previous -> previous.isPresent()
                                ? Uni.createFrom().item(read(previous.get()))
                                : apply(conn, command))
                        .flatMap(reply -> outbox.add(conn, Topics.HISTORY_REPLIES, replyKey(command), write(reply),
                                        traceparent)
                                .map(message -> new Applied(reply, message))))
                .invoke(applied -> relay.publishAfterCommit(applied.message()))
                .map(Applied::reply);
    }

    private record Applied(HistoryReply reply, OutboxMessage message) {}

    private Uni<HistoryReply> apply(SqlClient conn, HistoryCommand command) {
        return history.lock(conn, command.tenant(), command.transactionId())
                .flatMap(entry -> effect(conn, command, entry))
                .flatMap(reply -> processed.add(conn, command.tenant(), command.commandId(), write(reply))
                        .replaceWith(reply));
    }

    private Uni<HistoryReply> effect(SqlClient conn, HistoryCommand command, Optional<HistoryEntry> entry) {
        if (entry.isEmpty()) {
            return Uni.createFrom().item(reply(command, false, "unknown transaction " + command.transactionId()));
        }
        HistoryStatus status = entry.get().status();
        return switch (command.type()) {
            case RECORD -> status == HistoryStatus.VOIDED
                    ? Uni.createFrom().item(reply(command, false, "transaction is voided"))
                    : history.updateStatus(conn, command.tenant(), command.transactionId(), HistoryStatus.RECORDED)
                            .replaceWith(reply(command, true, null));
            case VOID -> history.updateStatus(conn, command.tenant(), command.transactionId(), HistoryStatus.VOIDED)
                    .replaceWith(reply(command, true, null));
            case LABEL -> history.updateLabel(conn, command.tenant(), command.transactionId(), command.label())
                    .replaceWith(reply(command, true, null));
        };
    }

    private static HistoryReply reply(HistoryCommand command, boolean success, String reason) {
        return new HistoryReply(command.commandId(), command.sagaId(), command.type(), success, reason);
    }

    private static String replyKey(HistoryCommand command) {
        return command.walletId() != null ? command.walletId() : command.transactionId();
    }

    private static void check(HistoryCommand command) {
        if (command.commandId() == null || command.commandId().isBlank()) {
            throw new InvalidCommandException("commandId is required");
        }
        if (command.type() == null) {
            throw new InvalidCommandException("type is required");
        }
        if (command.tenant() == null || command.tenant().isBlank()) {
            throw new InvalidCommandException("tenant is required");
        }
        if (command.transactionId() == null || command.transactionId().isBlank()) {
            throw new InvalidCommandException("transactionId is required");
        }
        if (command.type() == HistoryCommand.Type.LABEL && command.label() == null) {
            throw new InvalidCommandException("LABEL needs a label");
        }
    }

    private HistoryReply read(String stored) {
        try {
            return json.readValue(stored, HistoryReply.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
