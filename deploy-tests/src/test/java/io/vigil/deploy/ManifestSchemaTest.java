package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Every rendered resource and the Compose file against their published schemas (validate.mjs), unknown fields
 * refused as the API server's strict field validation does.
 */
class ManifestSchemaTest {

    @Test
    void everyResourceOfBothOverlaysAndTheComposeFileIsValid() {
        JsonNode report = SchemaValidator.validate(
                List.of(Kustomize.renderedFile("dev"), Kustomize.renderedFile("prod")),
                Repo.path("docker-compose.yml"));
        List<JsonNode> resources = StreamSupport.stream(report.path("resources").spliterator(), false).toList();

        List<String> invalid = resources.stream().filter(r -> !r.path("errors").isEmpty())
                .map(r -> r.path("kind").asText() + "/" + r.path("name").asText() + " (" + r.path("file").asText()
                        + "): " + r.path("errors"))
                .toList();
        assertEquals(List.of(), invalid);
        int rendered = Kustomize.resources("dev").size() + Kustomize.resources("prod").size();
        assertEquals(rendered, resources.size(), "every rendered resource was validated");
        Map<String, Long> bySchema = resources.stream()
                .collect(Collectors.groupingBy(r -> r.path("schema").asText(), TreeMap::new, Collectors.counting()));
        assertEquals(Set.of("kubernetes", "argo-rollouts", "prometheus-operator", "strimzi"), bySchema.keySet(),
                "schemas used: " + bySchema);
        System.out.printf("[deploy-tests] %d resources valid by schema %s; docker-compose.yml valid (compose-spec)%n",
                resources.size(), bySchema);

        assertEquals("compose-spec", report.path("compose").path("schema").asText());
        assertTrue(report.path("compose").path("errors").isEmpty(), report.path("compose").toString());
    }

    @Test
    void theValidatorRejectsWhatTheSchemasForbid() {
        JsonNode report = SchemaValidator.validate(
                List.of(Repo.path("deploy-tests/src/test/resources/invalid/manifests.yaml")),
                Repo.path("deploy-tests/src/test/resources/invalid/compose.yml"));

        Map<String, String> errors = StreamSupport.stream(report.path("resources").spliterator(), false)
                .collect(Collectors.toMap(r -> r.path("name").asText(), r -> r.path("errors").toString()));
        assertEquals(Set.of("weight-is-a-word", "misspelt-field", "port-is-a-name", "endpoints-not-a-list", "no-schema",
                "misspelt-probe"), errors.keySet());
        assertTrue(errors.get("weight-is-a-word").contains("setWeight must be integer"), errors.toString());
        assertTrue(errors.get("misspelt-field").contains("partitionz"), errors.toString());
        assertTrue(errors.get("port-is-a-name").contains("containerPort must be integer"), errors.toString());
        assertTrue(errors.get("endpoints-not-a-list").contains("endpoints must be array"), errors.toString());
        assertTrue(errors.get("no-schema").contains("no schema known"), errors.toString());
        assertTrue(errors.get("misspelt-probe").contains("readinesProbe")
                && errors.get("misspelt-probe").contains("does not exist in type 'IContainer'"), errors.toString());

        String composeErrors = report.path("compose").path("errors").toString();
        assertTrue(composeErrors.contains("intervall"), composeErrors);
        assertTrue(composeErrors.contains("/services/app/ports must be array"), composeErrors);
        assertFalse(report.path("compose").path("errors").isEmpty());
    }
}
