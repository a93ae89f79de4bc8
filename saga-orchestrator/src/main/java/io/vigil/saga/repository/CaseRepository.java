package io.vigil.saga.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.Reason;
import io.vigil.contracts.Verdict;
import io.vigil.saga.model.CaseStatus;
import io.vigil.saga.model.LocalEffect;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The analyst queue. Every read is scoped by tenant. */
@ApplicationScoped
public class CaseRepository {

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};
    private static final String COLUMNS = "case_id, wallet_id, status, score, reasons::text AS reasons, model_version,"
            + " opened_at, resolved_at, verdict, note, resolved_by";

    private final ObjectMapper json;

    public CaseRepository(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> insert(SqlClient client, LocalEffect.OpenCase c) {
        return client.preparedQuery("INSERT INTO analyst_case (case_id, tenant, wallet_id, status, score, reasons,"
                        + " model_version, opened_at, expires_at) VALUES ($1, $2, $3, $4, $5, CAST($6 AS text)::json, $7, $8, $9)"
                        + " ON CONFLICT (tenant, case_id) DO NOTHING")
                .execute(Tuple.from(Arrays.asList(
                        c.caseId(),
                        c.tenant(),
                        c.walletId(),
                        CaseStatus.OPEN.name(),
                        c.score(),
                        write(c.reasons()),
                        c.modelVersion(),
                        Sql.ts(c.openedAt()),
                        Sql.ts(c.expiresAt()))))
                .replaceWithVoid();
    }

    public Uni<Void> resolve(SqlClient client, LocalEffect.ResolveCase r) {
        return client.preparedQuery("UPDATE analyst_case SET status = $2, verdict = $3, note = $4, resolved_by = $5,"
                        + " resolved_at = $6 WHERE tenant = $7 AND case_id = $1 AND status = 'OPEN'")
                .execute(Tuple.from(Arrays.asList(
                        r.caseId(), CaseStatus.RESOLVED.name(), r.verdict().name(), r.note(), r.analyst(),
                        Sql.ts(r.resolvedAt()), r.tenant())))
                .replaceWithVoid();
    }

    public Uni<Void> expire(SqlClient client, LocalEffect.ExpireCase e) {
        return client.preparedQuery("UPDATE analyst_case SET status = $2, resolved_at = $3"
                        + " WHERE tenant = $4 AND case_id = $1 AND status = 'OPEN'")
                .execute(Tuple.of(e.caseId(), CaseStatus.EXPIRED.name(), Sql.ts(e.expiredAt()), e.tenant()))
                .replaceWithVoid();
    }

    /** A cancelled payment cancels its case whatever its status: the verdict no longer applies to anything. */
    public Uni<Void> cancel(SqlClient client, LocalEffect.CancelCase c) {
        return client.preparedQuery("UPDATE analyst_case SET status = $2, resolved_at = COALESCE(resolved_at, $3)"
                        + " WHERE tenant = $4 AND case_id = $1")
                .execute(Tuple.of(c.caseId(), CaseStatus.CANCELLED.name(), Sql.ts(c.cancelledAt()), c.tenant()))
                .replaceWithVoid();
    }

    public Uni<Optional<CaseView>> find(SqlClient client, String tenant, String caseId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM analyst_case WHERE tenant = $1 AND case_id = $2")
                .execute(Tuple.of(tenant, caseId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    /**
     * A page of the tenant's cases in a status, oldest first: the first one, or the one after a case (keyset
     * paging, so a case that opens or leaves the status between pages repeats none and puts none out of reach).
     * The queue's index is on opened_at: the plain comparison bounds its scan, the row comparison breaks ties.
     */
    public Uni<List<CaseView>> list(SqlClient client, String tenant, CaseStatus status, int limit, CaseView after) {
        Tuple params = Tuple.of(tenant, status.name(), limit);
        String afterCursor = "";
        if (after != null) {
            params.addOffsetDateTime(Sql.ts(after.openedAt())).addString(after.caseId());
            afterCursor = " AND opened_at >= $4 AND (opened_at, case_id) > ($4, $5)";
        }
        return client.preparedQuery("SELECT " + COLUMNS + " FROM analyst_case WHERE tenant = $1 AND status = $2"
                        + afterCursor + " ORDER BY opened_at, case_id LIMIT $3")
                .execute(params)
                .map(rows -> {
                    List<CaseView> cases = new ArrayList<>();
                    rows.forEach(r -> cases.add(map(r)));
                    return cases;
                });
    }

    private CaseView map(Row r) {
        String verdict = r.getString("verdict");
        String caseId = r.getString("case_id");
        return new CaseView(
                caseId,
                caseId,
                r.getString("wallet_id"),
                r.getString("status"),
                r.getDouble("score"),
                read(r.getString("reasons")),
                r.getString("model_version"),
                Sql.instant(r, "opened_at"),
                Sql.instant(r, "resolved_at"),
                verdict == null ? null : Verdict.valueOf(verdict),
                r.getString("note"),
                r.getString("resolved_by"));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("case field not serialisable", e);
        }
    }

    private List<Reason> read(String text) {
        try {
            return json.readValue(text, REASONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reasons unreadable", e);
        }
    }
}
