package io.vigil.saga.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.saga.model.LocalEffect;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The decision audit of {@code decision.persist}: written once, retracted by compensation. */
@ApplicationScoped
public class AuditRepository {

    private final ObjectMapper json;

    public AuditRepository(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> insert(SqlClient client, List<LocalEffect.RecordAudit> audits) {
        if (audits.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = new ArrayList<>(audits.size());
        for (LocalEffect.RecordAudit a : audits) {
            tuples.add(Tuple.from(Arrays.asList(
                    a.transactionId(),
                    a.tenant(),
                    a.walletId(),
                    a.decision().name(),
                    a.score(),
                    write(a.reasons()),
                    a.modelVersion(),
                    a.features() == null ? null : write(a.features()),
                    a.degraded(),
                    a.traceId(),
                    Sql.ts(a.scoredAt()),
                    Sql.ts(a.recordedAt()))));
        }
        return client.preparedQuery("INSERT INTO decision_audit (transaction_id, tenant, wallet_id, decision, score,"
                        + " reasons, model_version, features, degraded, trace_id, scored_at, recorded_at)"
                        + " VALUES ($1, $2, $3, $4, $5, CAST($6 AS text)::json, $7, CAST($8 AS text)::json, $9, $10, $11, $12)"
                        + " ON CONFLICT (transaction_id) DO NOTHING")
                .executeBatch(tuples)
                .replaceWithVoid();
    }

    public Uni<Void> retract(SqlClient client, LocalEffect.RetractAudit r) {
        return client.preparedQuery("UPDATE decision_audit SET retracted_at = $2"
                        + " WHERE transaction_id = $1 AND retracted_at IS NULL")
                .execute(Tuple.of(r.transactionId(), Sql.ts(r.retractedAt())))
                .replaceWithVoid();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit field not serialisable", e);
        }
    }
}
