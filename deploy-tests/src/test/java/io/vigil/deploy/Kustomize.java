package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The overlays rendered by {@code kubectl kustomize}, once per test run, also written to target/rendered. */
final class Kustomize {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    /** The content hash kustomize appends to generated ConfigMap and Secret names (consonants and digits). */
    static final String HASH = "[bcdfghjklmnpqrstvwxz2456789]{10}";
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {}

    /** Skips the calling test, saying why, when kubectl is not installed. */
    static void assumeKubectl() {
        assumeTrue(Processes.onPath("kubectl"),
                "kubectl is not installed: the kustomize overlays were not rendered or validated");
    }

    static String render(String overlay) {
        assumeKubectl();
        return RENDERED.computeIfAbsent(overlay, o -> {
            Processes.Result r = Processes.run(Repo.ROOT, "kubectl", "kustomize", "k8s/overlays/" + o);
            assertEquals(0, r.exitCode(), "kubectl kustomize k8s/overlays/" + o + " failed:\n" + r.errors());
            try {
                Path out = Repo.path("deploy-tests/target/rendered/" + o + ".yaml");
                Files.createDirectories(out.getParent());
                Files.writeString(out, r.output(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return r.output();
        });
    }

    static Path renderedFile(String overlay) {
        render(overlay);
        return Repo.path("deploy-tests/target/rendered/" + overlay + ".yaml");
    }

    static List<JsonNode> resources(String overlay) {
        return Yaml.documents(render(overlay));
    }

    static Stream<JsonNode> ofKind(List<JsonNode> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText()));
    }

    static Optional<JsonNode> find(List<JsonNode> resources, String kind, String name) {
        return ofKind(resources, kind).filter(r -> name.equals(r.path("metadata").path("name").asText())).findFirst();
    }

    /** Finds a generated ConfigMap or Secret by the name it had before kustomize appended the content hash. */
    static Optional<JsonNode> findGenerated(List<JsonNode> resources, String kind, String name) {
        return ofKind(resources, kind)
                .filter(r -> r.path("metadata").path("name").asText().matches(name + "(-" + HASH + ")?"))
                .findFirst();
    }
}
