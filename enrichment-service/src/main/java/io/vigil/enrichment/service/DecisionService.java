package io.vigil.enrichment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.ScoreResult;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.client.MlEngineClient;
import io.vigil.enrichment.messaging.OutboxRelay;
import io.vigil.enrichment.model.Decided;
import io.vigil.enrichment.model.OutboxMessage;
import io.vigil.enrichment.model.Scoring;
import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.enrichment.repository.HistoryRepository.StoredDecision;
import io.vigil.features.ReferenceCurrency;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The decision pipeline shared by REST and Kafka: features at T, score (ml-engine or rules), then the
 * history row and the scored event's outbox row in one statement. A replayed transactionId, or an
 * Idempotency-Key used before, is found at that write, which then leaves everything as it was: the stored
 * answer is returned, or a 409 when the key was used with another body. Replays are rare (a client retries
 * after a timeout or an outage), so no decision pays a look-up in advance for them; concurrent duplicates
 * are all scored, one is written and all get its answer.
 */
@ApplicationScoped
public class DecisionService {

    private final TransactionValidator validator;
    private final ReferenceCurrency referenceCurrency;
    private final FeatureService features;
    private final MlEngineClient mlEngine;
    private final HistoryRepository history;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final EnrichmentMetrics metrics;

    public DecisionService(TransactionValidator validator, ReferenceCurrency referenceCurrency,
            FeatureService features, MlEngineClient mlEngine, HistoryRepository history, OutboxRelay relay,
            ObjectMapper json, EnrichmentMetrics metrics) {
        this.validator = validator;
        this.referenceCurrency = referenceCurrency;
        this.features = features;
        this.mlEngine = mlEngine;
        this.history = history;
        this.relay = relay;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Decides a transaction, or returns the stored answer when its transactionId, or its Idempotency-Key
     * (null when it came without one) with the same body, was seen before.
     *
     * @throws IdempotencyKeyReusedException when the key was used with another body
     */
    public Uni<Decided> decide(Transaction tx, String idempotencyKey, String source) {
        validator.validate(tx);
        BigDecimal referenceAmount = referenceCurrency.convert(tx.amount(), tx.currency());
        String requestHash = idempotencyKey == null ? null : RequestFingerprint.of(tx);
        long start = System.nanoTime();
        String traceparent = traceparent();
        return features.featuresOf(tx, referenceAmount)
                .flatMap(f -> mlEngine.score(new EnrichedTransaction(tx, f)).map(s -> respond(tx, f, s, start)))
                .flatMap(response -> {
                    // written once, for the history row and for the answer
                    String responseJson = write(response);
                    return record(tx, referenceAmount, response, responseJson, traceparent, idempotencyKey,
                                    requestHash)
                            .flatMap(written -> {
                                if (written.isEmpty()) {
                                    return replay(tx, idempotencyKey, requestHash);
                                }
                                relay.publishAfterCommit(written.get());
                                metrics.decision(response.decision(), response.degraded(), source,
                                        System.nanoTime() - start);
                                return Uni.createFrom().item(new Decided(responseJson, false));
                            });
                });
    }

    /** The stored answer of a transaction of this tenant. */
    public Uni<Optional<DecisionResponse>> stored(String tenant, String transactionId) {
        return history.findResponse(tenant, transactionId).map(found -> found.map(this::readResponse));
    }

    /**
     * The stored answer the refused write ran into: the key's when the key was used before (the same body
     * replays it, another is refused), else the transaction's (submitted earlier under another key, or
     * without one), to whose body the key is then bound, so that its next use with another body is refused too.
     */
    private Uni<Decided> replay(Transaction tx, String idempotencyKey, String requestHash) {
        return replay(tx, idempotencyKey, requestHash, true);
    }

    private Uni<Decided> replay(Transaction tx, String idempotencyKey, String requestHash, boolean mayBind) {
        return history.findConflicting(tx.tenant(), tx.transactionId(), idempotencyKey).flatMap(found -> {
            StoredDecision sameTransaction = null;
            for (StoredDecision stored : found) {
                if (idempotencyKey != null && idempotencyKey.equals(stored.idempotencyKey())) {
                    if (!requestHash.equals(stored.requestHash())) {
                        throw new IdempotencyKeyReusedException();
                    }
                    return Uni.createFrom().item(replayed(stored));
                }
                if (stored.transactionId().equals(tx.transactionId())) {
                    sameTransaction = stored;
                }
            }
            if (sameTransaction == null) {
                throw new IllegalStateException("The decision that transaction " + tx.transactionId()
                        + " conflicted with is gone");
            }
            Decided answer = replayed(sameTransaction);
            if (idempotencyKey == null) {
                return Uni.createFrom().item(answer);
            }
            if (!mayBind) {
                throw new IllegalStateException("Idempotency-Key of " + tx.transactionId()
                        + " neither bound nor found taken");
            }
            // taken meanwhile by a decision or another replay: what took it is found on the second look
            return history.bindReplayedKey(tx.tenant(), idempotencyKey, requestHash, tx.transactionId())
                    .flatMap(bound -> bound
                            ? Uni.createFrom().item(answer)
                            : replay(tx, idempotencyKey, requestHash, false));
        });
    }

    /** jsonb keeps its own key order and spacing: read and written again, a replay is the first answer's text. */
    private Decided replayed(StoredDecision stored) {
        return new Decided(write(readResponse(stored.response())), true);
    }

    private static DecisionResponse respond(Transaction tx, Features f, Scoring scoring, long start) {
        ScoreResult r = scoring.result();
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new DecisionResponse(tx.transactionId(), r.decision(), r.score(), r.reasons(), r.modelVersion(), f,
                latencyMs, scoring.degraded(), tx.transactionId());
    }

    /** History row and outbox row together, or neither; empty when the transactionId or key already exists. */
    private Uni<Optional<OutboxMessage>> record(Transaction tx, BigDecimal referenceAmount, DecisionResponse response,
            String responseJson, String traceparent, String idempotencyKey, String requestHash) {
        String scoredJson = write(new ScoredTransaction(tx, response.features(), response.decision(),
                response.score(), response.reasons(), response.modelVersion(), response.degraded(), Instant.now(),
                traceId(traceparent)));
        return history.record(tx, referenceAmount, response, responseJson, Topics.SCORED, scoredJson, traceparent,
                idempotencyKey, requestHash);
    }

    private static String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    private static String traceId(String traceparent) {
        return traceparent == null ? null : traceparent.substring(3, 35);
    }

    private DecisionResponse readResponse(String stored) {
        try {
            return json.readValue(stored, DecisionResponse.class);
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
