package io.vigil.gateway.service;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.Features;
import io.vigil.gateway.client.EnrichmentClient;
import io.vigil.gateway.client.SagaClient;
import io.vigil.gateway.model.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The analyst's views: wallet features and the case queue, scoped to the caller's tenant upstream. */
@ApplicationScoped
public class AnalystService {

    private final EnrichmentClient enrichment;
    private final SagaClient sagas;

    AnalystService(EnrichmentClient enrichment, SagaClient sagas) {
        this.enrichment = enrichment;
        this.sagas = sagas;
    }

    public Uni<Features> features(Caller caller, String walletId) {
        return enrichment.features(caller, walletId);
    }

    /** A page of the tenant's cases, oldest first, from the one after {@code after} when given. */
    public Uni<List<CaseView>> cases(Caller caller, String status, int limit, String after) {
        return sagas.cases(caller, status, limit, after);
    }

    /** Records the verdict (the subject is the orchestrator's audit of who resolved) and resumes the saga. */
    public Uni<CaseView> resolve(Caller caller, String caseId, CaseResolution resolution) {
        return sagas.resolve(caller, caseId, resolution);
    }
}
