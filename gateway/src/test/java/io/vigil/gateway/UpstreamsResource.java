package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts WireMock for enrichment-service and saga-orchestrator on random ports and points the REST clients at them. */
public class UpstreamsResource implements QuarkusTestResourceLifecycleManager {

    private Upstreams upstreams;

    @Override
    public Map<String, String> start() {
        WireMockServer enrichment = new WireMockServer(options().dynamicPort().containerThreads(64));
        WireMockServer saga = new WireMockServer(options().dynamicPort().containerThreads(64));
        enrichment.start();
        saga.start();
        upstreams = new Upstreams(enrichment, saga);
        return Map.of(
                "quarkus.rest-client.enrichment.url", enrichment.baseUrl(),
                "quarkus.rest-client.saga.url", saga.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(upstreams, new TestInjector.MatchesType(Upstreams.class));
    }

    @Override
    public void stop() {
        if (upstreams != null) {
            upstreams.enrichment().stop();
            upstreams.saga().stop();
        }
    }
}
