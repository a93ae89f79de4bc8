package io.vigil.enrichment.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * WireMock standing in for ml-engine. The healthy stub approves, and declines transactions whose id
 * ends in {@code -D}, so tests control the declined flag of the history.
 */
public class MlEngineWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String MODEL = "test-model-7";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        healthy(server);
        return Map.of("quarkus.rest-client.ml-engine.url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static void healthy(WireMockServer server) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v1/score"))
                .atPriority(10)
                .willReturn(json("{\"score\":0.12,\"decision\":\"APPROVE\",\"reasons\":[{\"code\":\"amount\","
                        + "\"detail\":\"amount\",\"weight\":0.01}],\"modelVersion\":\"" + MODEL + "\"}")));
        server.stubFor(post(urlEqualTo("/v1/score"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.transaction.transactionId", WireMock.matching(".*-D")))
                .willReturn(json("{\"score\":0.93,\"decision\":\"DECLINE\",\"reasons\":[],\"modelVersion\":\""
                        + MODEL + "\"}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
