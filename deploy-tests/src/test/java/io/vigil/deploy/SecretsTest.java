package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.launcher.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Credentials: generated from the public DEV-ONLY material in dev, referenced (never embedded) in prod. */
class SecretsTest {

    private static final Set<String> PROD_SECRETS = Set.of("vigil-db-enrichment", "vigil-db-saga", "gateway-jwt");

    @Test
    void prodNeverReferencesTheDevKey() throws IOException {
        String rendered = Kustomize.render("prod");
        String devKey = Repo.read("config/dev/jwt-dev-public.pem");
        String keyBody = devKey.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
        for (String forbidden : List.of(keyBody.substring(0, 40), keyBody.substring(keyBody.length() - 40),
                Base64.getEncoder().encodeToString(devKey.getBytes()).substring(0, 40),
                "jwt-dev", "config/dev", "vigil.local/dev", "vigil-dev-only")) {
            assertFalse(rendered.contains(forbidden), "prod render contains " + forbidden);
        }
        for (Path dir : List.of(Repo.path("k8s/overlays/prod"), Repo.path("k8s/base"), Repo.path("k8s/components"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(f);
                    assertFalse(text.contains("config/dev") || text.contains("jwt-dev"), f + " references the dev key");
                }
            }
        }
    }

    @Test
    void prodEmbedsNoSecretAndReadsOnlyTheDocumentedOnes() {
        List<JsonNode> resources = Kustomize.resources("prod");
        assertEquals(List.of(), Kustomize.ofKind(resources, "Secret").map(s -> s.path("metadata").path("name").asText())
                .toList(), "prod Secrets are created outside the repository");
        Set<String> referenced = new TreeSet<>();
        for (Service s : Service.values()) {
            Workloads.environment(resources, s).values().stream().filter(v -> v.startsWith("secret:"))
                    .map(v -> v.substring("secret:".length(), v.indexOf('/'))).forEach(referenced::add);
            Workloads.podSpec(resources, s).path("volumes")
                    .forEach(v -> assertTrue(v.path("secret").isMissingNode(), Repo.name(s) + " mounts no secret in prod"));
        }
        assertEquals(new TreeSet<>(PROD_SECRETS), referenced);
        String header = Repo.read("k8s/overlays/prod/kustomization.yaml");
        PROD_SECRETS.forEach(name -> assertTrue(header.contains(name), "prod overlay documents the Secret " + name));
    }

    @Test
    void devGeneratesItsSecretsFromTheMarkedDevOnlyKey() throws IOException {
        assertEquals(Repo.read("config/dev/jwt-dev-public.pem"), Repo.read("k8s/overlays/dev/jwt-dev-public.pem"),
                "the dev overlay's copy is the launcher's dev key");
        assertTrue(Repo.read("k8s/overlays/dev/kustomization.yaml").contains("DEV-ONLY"));
        List<JsonNode> resources = Kustomize.resources("dev");
        JsonNode jwt = Kustomize.findGenerated(resources, "Secret", "gateway-jwt").orElseThrow();
        String location = new String(Base64.getDecoder().decode(jwt.path("data").path("publickey-location").asText()));
        assertEquals("/config/jwt/jwt-dev-public.pem", location);
        JsonNode mount = Workloads.container(resources, Service.GATEWAY).path("volumeMounts").findParents("mountPath")
                .stream().filter(m -> m.path("mountPath").asText().equals("/config/jwt")).findFirst().orElseThrow();
        assertTrue(mount.path("readOnly").asBoolean());
        for (String db : List.of("enrichment", "saga")) {
            assertTrue(Kustomize.findGenerated(resources, "Secret", "vigil-db-" + db).isPresent(), db);
        }
        assertTrue(Kustomize.findGenerated(resources, "Secret", "vigil-db-gateway").isEmpty(), "the gateway is stateless");
    }
}
