package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpServer;
import io.vigil.launcher.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The three images of every service: Quarkus layout, non-root, the service's port, a working health check. */
class DockerfilesTest {

    /** Instructions of a Dockerfile (continuation lines joined, comments dropped), keyed by instruction. */
    static Map<String, List<String>> instructions(String relative) {
        String joined = Repo.read(relative).replaceAll("\\\\\\n", " ");
        return joined.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.groupingBy(l -> l.split("\\s+", 2)[0],
                        Collectors.mapping(l -> l.split("\\s+", 2)[1], Collectors.toList())));
    }

    private static String dockerfile(Service s, String variant) {
        return Repo.name(s) + "/src/main/docker/Dockerfile." + variant;
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void jvmImageRunsTheFastJarAsUser185(Service s) {
        Map<String, List<String>> d = instructions(dockerfile(s, "jvm"));
        int port = s.port(Repo.LAUNCHER);
        assertAll(Repo.name(s),
                () -> assertTrue(d.get("FROM").getFirst().startsWith("registry.access.redhat.com/ubi9/openjdk-21-runtime:")),
                () -> assertEquals(List.of("185"), d.get("USER")),
                () -> assertEquals(List.of(String.valueOf(port)), d.get("EXPOSE")),
                () -> assertTrue(d.get("COPY").stream().anyMatch(c -> c.contains("target/quarkus-app/lib/ /deployments/lib/"))),
                () -> assertTrue(d.get("COPY").stream().allMatch(c -> c.startsWith("--chown=185"))),
                () -> assertTrue(String.join(" ", d.get("ENV")).contains("-Dquarkus.http.host=0.0.0.0")),
                () -> assertTrue(d.get("HEALTHCHECK").getFirst().contains("http://127.0.0.1:" + port + "/q/health/live")),
                () -> assertTrue(d.get("ENTRYPOINT").getFirst().contains("run-java.sh")));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void nativeImageRunsTheRunnerOnTheMicroImageAsUser1001(Service s) {
        Map<String, List<String>> d = instructions(dockerfile(s, "native"));
        int port = s.port(Repo.LAUNCHER);
        assertAll(Repo.name(s),
                () -> assertTrue(d.get("FROM").getFirst().startsWith("quay.io/quarkus/ubi9-quarkus-micro-image:")),
                () -> assertEquals(List.of("1001"), d.get("USER")),
                () -> assertEquals(List.of(String.valueOf(port)), d.get("EXPOSE")),
                () -> assertTrue(d.get("COPY").getFirst().contains("target/*-runner /work/application")),
                () -> assertTrue(d.get("HEALTHCHECK").getFirst().contains("/dev/tcp/127.0.0.1/" + port)),
                () -> assertEquals("[\"./application\", \"-Dquarkus.http.host=0.0.0.0\"]", d.get("ENTRYPOINT").getFirst()));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void aotImageStartsFromTheAotCacheOnAJdk25Runtime(Service s) {
        Map<String, List<String>> d = instructions(dockerfile(s, "jvm-aot"));
        assertAll(Repo.name(s),
                () -> assertTrue(d.get("FROM").getFirst().startsWith("registry.access.redhat.com/ubi9/openjdk-25-runtime:")),
                () -> assertEquals(List.of("185"), d.get("USER")),
                () -> assertEquals(List.of(String.valueOf(s.port(Repo.LAUNCHER))), d.get("EXPOSE")),
                () -> assertEquals(List.of("/deployments"), d.get("WORKDIR")),
                () -> assertTrue(d.get("ENTRYPOINT").getFirst().contains("\"-XX:AOTCache=app.aot\"")),
                () -> assertTrue(d.get("ENTRYPOINT").getFirst().contains("\"-jar\", \"quarkus-run.jar\"")));
    }

    /** The native image has no curl: its bash probe is run here against a stand-in health endpoint. */
    @Test
    void nativeHealthCheckPassesOnLiveAndFailsOtherwise() throws IOException {
        assumeTrue(Processes.onPath("bash"), "bash is not installed: the native health check was not run");
        List<String> probe = Yaml.JSON.readValue(
                instructions(dockerfile(Service.GATEWAY, "native")).get("HEALTHCHECK").getFirst()
                        .replaceFirst("^.*?CMD\\s+", ""),
                new TypeReference<>() {});
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health/live", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            List<String> command = new ArrayList<>(probe);
            command.set(command.size() - 1, command.getLast().replace("/8080", "/" + server.getAddress().getPort()));
            assertEquals(0, Processes.run(Repo.ROOT, command.toArray(String[]::new)).exitCode(), "UP answers 200");
            status.set(503);
            assertNotEquals(0, Processes.run(Repo.ROOT, command.toArray(String[]::new)).exitCode(), "DOWN answers 503");
        } finally {
            server.stop(0);
        }
    }
}
