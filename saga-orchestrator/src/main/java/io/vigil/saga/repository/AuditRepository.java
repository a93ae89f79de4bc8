package io.vigil.saga.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.saga.model.LocalEffect;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** The decision audit of {@code decision.persist}: written once, retracted by compensation. */
@ApplicationScoped
public class AuditRepository {

    private final ObjectMapper json;

    public AuditRepository(ObjectMapper json) {
        this.json = json;
    }

    /*
     * One statement for the batch, one array element per row: a pipelined INSERT per row paid PostgreSQL's
     * per-execution work (bind, executor start and end) for each (docs/benchmarks.md, thirty-first round).
     */
    private static final String INSERT = "INSERT INTO decision_audit (transaction_id, tenant, wallet_id, decision,"
            + " score, reasons, model_version, features, degraded, trace_id, scored_at, recorded_at)"
            + " SELECT transaction_id, tenant, wallet_id, decision, score, reasons::json, model_version,"
            + " features::json, degraded, trace_id, scored_at, recorded_at"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::text[],"
            + " $8::text[], $9::boolean[], $10::text[], $11::timestamptz[], $12::timestamptz[])"
            + " AS a (transaction_id, tenant, wallet_id, decision, score, reasons, model_version, features, degraded,"
            + " trace_id, scored_at, recorded_at)"
            + " ON CONFLICT (tenant, transaction_id) DO NOTHING";

    public Uni<Void> insert(SqlClient client, List<LocalEffect.RecordAudit> audits) {
        if (audits.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = audits.size();
        String[] transactionId = new String[n], tenant = new String[n], walletId = new String[n],
                decision = new String[n], reasons = new String[n], modelVersion = new String[n],
                features = new String[n], traceId = new String[n];
        Double[] score = new Double[n];
        Boolean[] degraded = new Boolean[n];
        OffsetDateTime[] scoredAt = new OffsetDateTime[n], recordedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            LocalEffect.RecordAudit a = audits.get(i);
            transactionId[i] = a.transactionId();
            tenant[i] = a.tenant();
            walletId[i] = a.walletId();
            decision[i] = a.decision().name();
            score[i] = a.score();
            reasons[i] = write(a.reasons());
            modelVersion[i] = a.modelVersion();
            features[i] = a.features() == null ? null : write(a.features());
            degraded[i] = a.degraded();
            traceId[i] = a.traceId();
            scoredAt[i] = Sql.ts(a.scoredAt());
            recordedAt[i] = Sql.ts(a.recordedAt());
        }
        return client.preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addArrayOfString(transactionId)
                        .addArrayOfString(tenant)
                        .addArrayOfString(walletId)
                        .addArrayOfString(decision)
                        .addArrayOfDouble(score)
                        .addArrayOfString(reasons)
                        .addArrayOfString(modelVersion)
                        .addArrayOfString(features)
                        .addArrayOfBoolean(degraded)
                        .addArrayOfString(traceId)
                        .addArrayOfOffsetDateTime(scoredAt)
                        .addArrayOfOffsetDateTime(recordedAt))
                .replaceWithVoid();
    }

    public Uni<Void> retract(SqlClient client, LocalEffect.RetractAudit r) {
        return client.preparedQuery("UPDATE decision_audit SET retracted_at = $2"
                        + " WHERE tenant = $3 AND transaction_id = $1 AND retracted_at IS NULL")
                .execute(Tuple.of(r.transactionId(), Sql.ts(r.retractedAt()), r.tenant()))
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
