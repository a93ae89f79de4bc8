package io.vigil.enrichment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Verdict;
import io.vigil.enrichment.messaging.KafkaPublisher;
import io.vigil.enrichment.model.HistoryEntry;
import io.vigil.enrichment.model.HistoryStatus;
import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.enrichment.repository.ProcessedMessageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The history participant of the saga. The effect and the processed-message row, which keeps the
 * reply, commit together, so a command is applied once and a redelivered or re-sent one is answered
 * with the same reply. Replies are sent after the commit without an outbox row of their own: a reply
 * lost to a crash or a broker outage is sent again when its command comes again, redelivered from its
 * uncommitted offset or re-sent by the orchestrator once the reply is late. Commands come in batches
 * (one Kafka poll): a batch is one transaction, its commands applied in order, each seeing what the
 * previous ones did.
 */
@ApplicationScoped
public class HistoryCommandService {

    private static final Logger LOG = Logger.getLogger(HistoryCommandService.class);

    /** A consumed command with the trace context it came with. */
    public record Delivery(HistoryCommand command, String traceparent) {}

    /** A reply to send: its record key, its JSON as stored with the processed command, the command's trace. */
    private record OutgoingReply(String key, String payload, String traceparent) {}

    private final Pool pool;
    private final HistoryRepository history;
    private final ProcessedMessageRepository processed;
    private final KafkaPublisher publisher;
    private final ObjectMapper json;

    public HistoryCommandService(Pool pool, HistoryRepository history, ProcessedMessageRepository processed,
            KafkaPublisher publisher, ObjectMapper json) {
        this.pool = pool;
        this.history = history;
        this.processed = processed;
        this.publisher = publisher;
        this.json = json;
    }

    /** Applies the command once and sends its reply (again, for a duplicate). */
    public Uni<HistoryReply> handle(HistoryCommand command, String traceparent) {
        return handle(List.of(new Delivery(command, traceparent))).map(replies -> replies.get(0));
    }

    /**
     * Applies the commands in order in one transaction and sends their replies; fails as a whole (nothing
     * applied) with {@link InvalidCommandException} if one of them is invalid.
     */
    public Uni<List<HistoryReply>> handle(List<Delivery> deliveries) {
        deliveries.forEach(d -> check(d.command()));
        List<ProcessedMessageRepository.Key> commandIds = deliveries.stream()
                .map(d -> new ProcessedMessageRepository.Key(d.command().tenant(), d.command().commandId()))
                .toList();
        Set<HistoryRepository.Key> transactions = new HashSet<>();
        deliveries.forEach(d -> transactions.add(
                new HistoryRepository.Key(d.command().tenant(), d.command().transactionId())));
        // independent statements are issued together: the client pipelines them, one round trip per group
        return pool.withTransaction(conn -> Uni.combine().all()
                        .unis(processed.findReplies(conn, commandIds), history.lock(conn, transactions)).asTuple()
                        .flatMap(found -> {
                            Batch batch = new Batch(found.getItem1(), found.getItem2());
                            deliveries.forEach(batch::apply);
                            return Uni.combine().all()
                                    .unis(history.apply(conn, batch.changes), processed.add(conn, batch.processed))
                                    .asTuple()
                                    .map(written -> new Applied(batch, written.getItem1()));
                        }))
                .invoke(applied -> history.settledChanged(applied.recount()))
                .invoke(applied -> send(applied.batch().outgoing))
                .map(applied -> applied.batch().replies);
    }

    /**
     * Sends the replies in order without waiting for the broker; a reply that fails is only logged, as
     * its command will come again (see the class comment).
     */
    private void send(List<OutgoingReply> replies) {
        List<Uni<Void>> sends = new ArrayList<>(replies.size());
        for (OutgoingReply reply : replies) {
            sends.add(publisher.send(Topics.HISTORY_REPLIES, reply.key(), reply.payload(), reply.traceparent()));
        }
        Uni.join().all(sends).andCollectFailures().subscribe().with(
                sent -> { },
                failure -> LOG.debugf("history replies not sent, answered again when their commands return: %s",
                        failure));
    }

    /** A committed batch, and the merchants and wallets whose settled parts its labels and voids may have changed. */
    private record Applied(Batch batch, HistoryRepository.Recount recount) {}

    /** The batch in memory: replies already given, row states as the batch leaves them, what to write. */
    private final class Batch {
        private final Map<ProcessedMessageRepository.Key, String> previous;
        private final Map<HistoryRepository.Key, HistoryEntry> entries;
        private final Map<ProcessedMessageRepository.Key, HistoryReply> applied = new HashMap<>();
        private final List<HistoryRepository.Change> changes = new ArrayList<>();
        private final List<ProcessedMessageRepository.Processed> processed = new ArrayList<>();
        private final List<OutgoingReply> outgoing = new ArrayList<>();
        private final List<HistoryReply> replies = new ArrayList<>();

        private Batch(Map<ProcessedMessageRepository.Key, String> previous,
                Map<HistoryRepository.Key, HistoryEntry> entries) {
            this.previous = previous;
            this.entries = new HashMap<>(entries);
        }

        private void apply(Delivery delivery) {
            HistoryCommand command = delivery.command();
            ProcessedMessageRepository.Key id = new ProcessedMessageRepository.Key(command.tenant(), command.commandId());
            HistoryReply reply;
            String payload;
            if (previous.containsKey(id)) {
                payload = previous.get(id);
                reply = read(payload);
            } else if (applied.containsKey(id)) {
                reply = applied.get(id);
                payload = write(reply);
            } else {
                reply = effect(command);
                payload = write(reply);
                applied.put(id, reply);
                processed.add(new ProcessedMessageRepository.Processed(id, payload));
            }
            replies.add(reply);
            outgoing.add(new OutgoingReply(replyKey(command), payload, delivery.traceparent()));
        }

        private HistoryReply effect(HistoryCommand command) {
            HistoryRepository.Key key = new HistoryRepository.Key(command.tenant(), command.transactionId());
            HistoryEntry entry = entries.get(key);
            if (entry == null) {
                // A void asks for the transaction to be out of the history, which it is: refused, the void would
                // be re-sent for ever (compensations retry until they succeed) and its saga never settle.
                return command.type() == HistoryCommand.Type.VOID
                        ? reply(command, true, null)
                        : reply(command, false, "unknown transaction " + command.transactionId());
            }
            return switch (command.type()) {
                case RECORD -> entry.status() == HistoryStatus.VOIDED
                        ? reply(command, false, "transaction is voided")
                        : changed(command, key, entry, HistoryStatus.RECORDED, null);
                case VOID -> changed(command, key, entry, HistoryStatus.VOIDED, null);
                case LABEL -> changed(command, key, entry, null, command.label());
            };
        }

        private HistoryReply changed(HistoryCommand command, HistoryRepository.Key key, HistoryEntry entry,
                HistoryStatus status, Verdict label) {
            changes.add(new HistoryRepository.Change(key, status, label));
            if (status != null) {
                entries.put(key, new HistoryEntry(entry.walletId(), status));
            }
            return reply(command, true, null);
        }
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
