package io.vigil.saga.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vigil.contracts.DeadLetterText;
import io.vigil.contracts.Topics;
import io.vigil.saga.engine.Effect;
import io.vigil.saga.engine.SendMessage;
import io.vigil.saga.model.DeadLetter;
import io.vigil.saga.model.LocalEffect;
import io.vigil.saga.repository.AuditRepository;
import io.vigil.saga.repository.CaseRepository;
import io.vigil.saga.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies effects in the caller's transaction: messages to the outbox, the rest to our tables. The hot
 * ones (audit rows, outbox rows) go in one statement each. Audit rows are inserted first: a row is
 * always created by an earlier input than any that retracts it. The rarer retractions and case changes
 * follow in input order; outbox rows keep input order, which is their publication order. The
 * statements are issued together, in that order: the client pipelines them on the connection, which
 * executes them in order, so the whole lot costs one round trip.
 */
@ApplicationScoped
public class EffectApplier {

    /** Source of a dead letter: the original record, to find it again. */
    public static final String DLQ_SOURCE_HEADER = "vigil-dlq-source";
    private static final int REASON_MAX = 500;

    private final OutboxRepository outbox;
    private final AuditRepository audit;
    private final CaseRepository cases;
    private final ObjectMapper json;

    public EffectApplier(OutboxRepository outbox, AuditRepository audit, CaseRepository cases, ObjectMapper json) {
        this.outbox = outbox;
        this.audit = audit;
        this.cases = cases;
        this.json = json;
    }

    public Uni<Void> apply(SqlClient tx, List<Effect> effects) {
        List<LocalEffect.RecordAudit> audits = new ArrayList<>();
        List<Uni<Void>> caseChanges = new ArrayList<>();
        List<OutboxRepository.NewRow> rows = new ArrayList<>();
        for (Effect effect : effects) {
            switch (effect) {
                case SendMessage m -> rows.add(new OutboxRepository.NewRow(
                        m.messageId(), m.destination(), m.key(), serialise(m.payload()), m.headers()));
                case DeadLetter d -> rows.add(deadLetterRow(d));
                case LocalEffect.RecordAudit a -> audits.add(a);
                case LocalEffect.RetractAudit r -> caseChanges.add(audit.retract(tx, r));
                case LocalEffect.OpenCase c -> caseChanges.add(cases.insert(tx, c));
                case LocalEffect.ResolveCase r -> caseChanges.add(cases.resolve(tx, r));
                case LocalEffect.ExpireCase e -> caseChanges.add(cases.expire(tx, e));
                case LocalEffect.CancelCase c -> caseChanges.add(cases.cancel(tx, c));
                default -> throw new IllegalStateException("no applier for effect " + effect.getClass());
            }
        }
        List<Uni<Void>> statements = new ArrayList<>();
        statements.add(audit.insert(tx, audits));
        statements.addAll(caseChanges);
        statements.add(outbox.insert(tx, rows));
        return Uni.join().all(statements).andFailFast().replaceWithVoid();
    }

    /**
     * The record as consumed, keyed as it was, with the reason and where it came from in headers; a value too
     * large to send, or a key, is cut (see {@link DeadLetterText}), or its row would hold up the outbox for good.
     */
    private static OutboxRepository.NewRow deadLetterRow(DeadLetter d) {
        String why = d.reason().length() > REASON_MAX ? d.reason().substring(0, REASON_MAX) : d.reason();
        Map<String, String> headers = new HashMap<>();
        headers.put(Topics.DLQ_REASON_HEADER, storable(why));
        headers.put(DLQ_SOURCE_HEADER, d.source().messageId());
        DeadLetterText key = DeadLetterText.key(storable(d.source().key()));
        DeadLetterText value = DeadLetterText.value(storable(d.source().value()));
        headers.putAll(DeadLetterText.truncationHeaders(key, value));
        return new OutboxRepository.NewRow(d.source().messageId(), Topics.SAGA_DLQ, key.text(), value.text(),
                headers);
    }

    /**
     * PostgreSQL's text and json cannot hold NUL, and a poison record's key, value or the parser's message
     * quoting it may: kept readable rather than byte-exact, or the dead letter itself could never be written
     * and the record would stop its channel.
     */
    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    private String serialise(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message payload not serialisable", e);
        }
    }
}
