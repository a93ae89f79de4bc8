package io.vigil.saga.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vigil.saga.engine.Effect;
import io.vigil.saga.engine.SendMessage;
import io.vigil.saga.model.LocalEffect;
import io.vigil.saga.repository.AuditRepository;
import io.vigil.saga.repository.CaseRepository;
import io.vigil.saga.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Applies a transition's effects in the caller's transaction: messages to the outbox, the rest to our tables. */
@ApplicationScoped
public class EffectApplier {

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
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Effect effect : effects) {
            chain = chain.chain(() -> applyOne(tx, effect));
        }
        return chain;
    }

    private Uni<Void> applyOne(SqlClient tx, Effect effect) {
        if (effect instanceof SendMessage m) {
            return outbox.insert(tx, m.messageId(), m.destination(), m.key(), serialise(m.payload()), m.headers());
        }
        if (effect instanceof LocalEffect local) {
            return switch (local) {
                case LocalEffect.RecordAudit a -> audit.insert(tx, a);
                case LocalEffect.RetractAudit r -> audit.retract(tx, r);
                case LocalEffect.OpenCase c -> cases.insert(tx, c);
                case LocalEffect.ResolveCase r -> cases.resolve(tx, r);
                case LocalEffect.ExpireCase e -> cases.expire(tx, e);
                case LocalEffect.CancelCase c -> cases.cancel(tx, c);
            };
        }
        return Uni.createFrom().failure(new IllegalStateException("no applier for effect " + effect.getClass()));
    }

    private String serialise(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message payload not serialisable", e);
        }
    }
}
