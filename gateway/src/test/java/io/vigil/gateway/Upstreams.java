package io.vigil.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;

/** The WireMock servers standing in for the gateway's peers, injected into test fields of this type. */
public record Upstreams(WireMockServer enrichment, WireMockServer saga) {

    public void reset() {
        enrichment.resetAll();
        saga.resetAll();
    }
}
