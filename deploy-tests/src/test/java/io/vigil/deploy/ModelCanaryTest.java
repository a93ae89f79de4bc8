package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.launcher.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A new model version is released like new code: it changes the ml-engine pod template, so it canaries. */
class ModelCanaryTest {

    @Test
    void prodServesTheChampionNamedInConfigFromTheModelArtifactImage() {
        List<JsonNode> resources = Kustomize.resources("prod");
        Map<String, String> env = Workloads.environment(resources, Service.ML_ENGINE);
        String path = env.get("VIGIL_MODEL_PATH");
        assertTrue(path != null && path.startsWith("/models/") && path.endsWith(".json"), String.valueOf(path));

        JsonNode pod = Workloads.podSpec(resources, Service.ML_ENGINE);
        JsonNode init = pod.path("initContainers").path(0);
        assertTrue(init.path("image").asText().contains("/vigil/ml-models:"), init.toString());
        assertEquals("models", init.path("volumeMounts").path(0).path("name").asText());
        assertTrue(Workloads.container(resources, Service.ML_ENGINE).path("volumeMounts").toString()
                .contains("\"mountPath\":\"/models\""));
        // the init container copies what the model-artifact image holds
        assertEquals("[\"cp\",\"-R\",\"/models/.\",\"/work/models/\"]", init.path("command").toString());
        assertTrue(DockerfilesTest.instructions("deploy/model/Dockerfile").get("COPY").getFirst().endsWith(" /models/"));
    }

    @Test
    void changingTheChampionChangesOnlyTheMlEnginePodTemplate() throws IOException {
        Kustomize.assumeKubectl();
        Path overlay = Repo.path("deploy-tests/target/model-canary-overlay");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../../k8s/overlays/prod
                configMapGenerator:
                  - name: ml-engine-model
                    behavior: merge
                    literals:
                      - VIGIL_MODEL_PATH=/models/vigil-fraud-lr-29990101-s1.json
                """);
        Processes.Result r = Processes.run(Repo.ROOT, "kubectl", "kustomize", overlay.toString());
        assertEquals(0, r.exitCode(), r.errors());
        List<JsonNode> next = Yaml.documents(r.output());
        List<JsonNode> current = Kustomize.resources("prod");

        assertEquals("/models/vigil-fraud-lr-29990101-s1.json",
                Workloads.environment(next, Service.ML_ENGINE).get("VIGIL_MODEL_PATH"));
        assertNotEquals(template(current, Service.ML_ENGINE), template(next, Service.ML_ENGINE),
                "a new pod template starts the ml-engine canary");
        for (Service other : List.of(Service.GATEWAY, Service.ENRICHMENT, Service.SAGA)) {
            assertEquals(template(current, other), template(next, other), Repo.name(other) + " is not rolled");
        }
    }

    private static JsonNode template(List<JsonNode> resources, Service s) {
        return Workloads.workload(resources, s).path("spec").path("template");
    }
}
