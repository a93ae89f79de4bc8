package io.vigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.launcher.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** The four services as rendered: their workload, container and the environment the container gets. */
final class Workloads {

    private Workloads() {}

    static String kind(Service s) {
        return s == Service.SAGA ? "Deployment" : "Rollout";
    }

    static JsonNode workload(List<JsonNode> resources, Service s) {
        return Kustomize.find(resources, kind(s), Repo.name(s))
                .orElseThrow(() -> new AssertionError("no " + kind(s) + " " + Repo.name(s)));
    }

    static JsonNode podSpec(List<JsonNode> resources, Service s) {
        return workload(resources, s).path("spec").path("template").path("spec");
    }

    static JsonNode container(List<JsonNode> resources, Service s) {
        return StreamSupport.stream(podSpec(resources, s).path("containers").spliterator(), false)
                .filter(c -> Repo.name(s).equals(c.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + Repo.name(s)));
    }

    /**
     * Environment of the service's container: ConfigMaps from envFrom resolved to their data, then env entries
     * (plain values as they are, secret references as {@code secret:<name>/<key>}).
     */
    static Map<String, String> environment(List<JsonNode> resources, Service s) {
        JsonNode container = container(resources, s);
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText();
            JsonNode map = Kustomize.find(resources, "ConfigMap", name)
                    .orElseThrow(() -> new AssertionError(Repo.name(s) + " reads a missing ConfigMap " + name));
            map.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode e : container.path("env")) {
            JsonNode secret = e.path("valueFrom").path("secretKeyRef");
            env.put(e.path("name").asText(), secret.isMissingNode()
                    ? e.path("value").asText()
                    : "secret:" + secret.path("name").asText() + "/" + secret.path("key").asText());
        }
        return env;
    }
}
