package io.vigil.saga.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.SagaView;
import io.vigil.saga.model.CaseStatus;
import io.vigil.saga.model.SagaIds;
import io.vigil.saga.repository.CaseRepository;
import io.vigil.saga.repository.SagaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Read side of the REST API, always scoped by tenant. */
@ApplicationScoped
public class SagaQueries {

    private final Pool pool;
    private final SagaRepository sagas;
    private final CaseRepository cases;

    public SagaQueries(Pool pool, SagaRepository sagas, CaseRepository cases) {
        this.pool = pool;
        this.sagas = sagas;
        this.cases = cases;
    }

    public Uni<SagaView> saga(String tenant, String transactionId) {
        return sagas.find(pool, SagaIds.of(tenant, transactionId)).map(found -> found
                .map(s -> SagaViews.of(s.saga()))
                .orElseThrow(() -> new NotFoundException("saga " + transactionId)));
    }

    /** A page of cases, oldest first; {@code after}, when given, names the last case of the page before. */
    public Uni<List<CaseView>> cases(String tenant, CaseStatus status, int limit, String after) {
        if (after == null) {
            return cases.list(pool, tenant, status, limit, null);
        }
        return cases.find(pool, tenant, after).flatMap(found -> cases.list(pool, tenant, status, limit, found
                .orElseThrow(() -> new InvalidQueryException("after", "no case " + after + " of this tenant"))));
    }
}
