package io.vigil.saga.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.contracts.CancellationEvent;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads and checks consumed values. A value that fails here is poison: it goes to the dead-letter
 * topic with the returned reason instead of blocking its partition.
 */
@ApplicationScoped
public class InboundParser {

    /** Either a value or why it was rejected. */
    public record Parsed<T>(T value, String rejection) {
        static <T> Parsed<T> ok(T value) {
            return new Parsed<>(value, null);
        }

        static <T> Parsed<T> rejected(String why) {
            return new Parsed<>(null, why);
        }
    }

    /**
     * Twice the longest tenant, transaction or wallet id enrichment-service accepts, so nothing it decided is
     * refused; an id past it is poison, since a saga copies these ids into rows and messages that must fit a
     * produce request (OutboxRelay). Replies carry the saga's own ids, built from these, and are not capped.
     */
    private static final int MAX_ID = 256;

    private final ObjectMapper json;

    public InboundParser(ObjectMapper json) {
        this.json = json;
    }

    public Parsed<ScoredTransaction> scored(String key, String value) {
        return read(value, ScoredTransaction.class).check(s -> {
            List<String> problems = new ArrayList<>();
            Transaction t = s.transaction();
            if (t == null) {
                problems.add("transaction missing");
            } else {
                identifier(problems, t.tenant(), "transaction.tenant");
                identifier(problems, t.transactionId(), "transaction.transactionId");
                identifier(problems, t.walletId(), "transaction.walletId");
                if (key != null && t.walletId() != null && !key.equals(t.walletId())) {
                    problems.add("record key is not the walletId");
                }
            }
            if (s.decision() == null) {
                problems.add("decision missing");
            }
            if (!(s.score() >= 0.0 && s.score() <= 1.0)) {
                problems.add("score not in [0, 1]");
            }
            if (s.scoredAt() == null) {
                problems.add("scoredAt missing");
            }
            return problems;
        });
    }

    public Parsed<HistoryReply> reply(String value) {
        return read(value, HistoryReply.class).check(r -> {
            List<String> problems = new ArrayList<>();
            require(problems, r.commandId(), "commandId");
            require(problems, r.sagaId(), "sagaId");
            return problems;
        });
    }

    public Parsed<CancellationEvent> cancellation(String value) {
        return read(value, CancellationEvent.class).check(c -> {
            List<String> problems = new ArrayList<>();
            identifier(problems, c.tenant(), "tenant");
            identifier(problems, c.transactionId(), "transactionId");
            identifier(problems, c.walletId(), "walletId");
            return problems;
        });
    }

    private <T> Reading<T> read(String value, Class<T> type) {
        if (value == null || value.isBlank()) {
            return new Reading<>(null, "empty value");
        }
        try {
            T parsed = json.readValue(value, type);
            return parsed == null ? new Reading<>(null, "null value") : new Reading<>(parsed, null);
        } catch (JsonProcessingException e) {
            return new Reading<>(null, "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    private static void require(List<String> problems, String value, String field) {
        if (value == null || value.isBlank()) {
            problems.add(field + " missing");
        }
    }

    /** An id from outside the saga: a tenant, transaction or wallet id. */
    private static void identifier(List<String> problems, String value, String field) {
        require(problems, value, field);
        if (value != null && value.length() > MAX_ID) {
            problems.add(field + " longer than " + MAX_ID + " characters");
        }
    }

    private record Reading<T>(T value, String error) {
        Parsed<T> check(Function<T, List<String>> rules) {
            if (error != null) {
                return Parsed.rejected(error);
            }
            List<String> problems = rules.apply(value);
            return problems.isEmpty() ? Parsed.ok(value) : Parsed.rejected("invalid: " + String.join(", ", problems));
        }
    }
}
