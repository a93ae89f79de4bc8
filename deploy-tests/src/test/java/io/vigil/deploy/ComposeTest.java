package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.contracts.Topics;
import io.vigil.launcher.PlatformConfig;
import io.vigil.launcher.Service;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and the files it mounts, read as Compose reads them (merge keys resolved). */
class ComposeTest {

    private static final JsonNode COMPOSE = Yaml.document(Repo.read("docker-compose.yml"));
    private static final JsonNode SERVICES = COMPOSE.path("services");

    @Test
    void runsTheWholePlatformWithItsObservabilityStack() {
        Set<String> names = new TreeSet<>();
        SERVICES.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(List.of("kafka", "kafka-init", "postgres", "gateway", "enrichment-service",
                "ml-engine", "saga-orchestrator", "otel-collector", "jaeger", "prometheus", "grafana")), names);
        SERVICES.fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            if (e.getValue().has("build")) {
                assertEquals("vigil/" + e.getKey() + ":${VIGIL_TAG:-latest}", image, "built here");
            } else {
                assertTrue(image.matches("[a-z0-9./-]+:[0-9][^:]*|[a-z0-9./-]+:v[0-9][^:]*"),
                        e.getKey() + " pins a released image: " + image);
            }
        });
        assertTrue(SERVICES.path("kafka").path("image").asText().startsWith("apache/kafka:"));
        assertEquals("postgres:15", SERVICES.path("postgres").path("image").asText());
    }

    @Test
    void everyServiceIsBuiltFromItsJvmDockerfileOnItsPortWithAReadinessCheck() {
        for (Service s : Service.values()) {
            JsonNode svc = SERVICES.path(Repo.name(s));
            int port = s.port(Repo.LAUNCHER);
            String dockerfile = svc.path("build").path("context").asText() + "/" + svc.path("build").path("dockerfile").asText();
            assertAll(Repo.name(s),
                    () -> assertTrue(Files.isRegularFile(Repo.path(dockerfile)), dockerfile),
                    () -> assertEquals(List.of(port + ":" + port), strings(svc.path("ports"))),
                    () -> assertEquals(String.valueOf(port), svc.path("environment").path("QUARKUS_HTTP_PORT").asText()),
                    () -> assertTrue(strings(svc.path("healthcheck").path("test"))
                            .contains("http://127.0.0.1:" + port + "/q/health/ready")),
                    () -> assertTrue(svc.path("read_only").asBoolean()),
                    () -> assertEquals(List.of("/tmp"), strings(svc.path("tmpfs"))));
        }
        for (String infra : List.of("kafka", "postgres")) {
            assertFalse(SERVICES.path(infra).path("healthcheck").path("test").isMissingNode(), infra);
        }
    }

    @Test
    void servicesStartAfterWhatTheyDependOn() {
        for (Service s : Service.values()) {
            JsonNode dependsOn = SERVICES.path(Repo.name(s)).path("depends_on");
            if (s.database() != null) {
                assertEquals("service_healthy", dependsOn.path("postgres").path("condition").asText(), Repo.name(s));
                assertEquals("service_completed_successfully", dependsOn.path("kafka-init").path("condition").asText());
            }
        }
        assertEquals("service_healthy", SERVICES.path("enrichment-service").path("depends_on").path("ml-engine")
                .path("condition").asText());
        for (String peer : List.of("enrichment-service", "saga-orchestrator")) {
            assertEquals("service_healthy", SERVICES.path("gateway").path("depends_on").path(peer).path("condition").asText());
        }
    }

    /** Compose sets the keys bin/vigil sets, as environment variables, pointed at the compose network. */
    @Test
    void everyServiceGetsTheConfigurationKeysTheLauncherSets() {
        for (Service s : Service.values()) {
            JsonNode env = SERVICES.path(Repo.name(s)).path("environment");
            for (Map.Entry<String, String> p : s.properties(Repo.LAUNCHER).entrySet()) {
                String name = Repo.envName(p.getKey());
                String value = env.path(name).asText(null);
                switch (p.getKey()) {
                    case "quarkus.http.host" -> assertTrue(value == null, "the image binds 0.0.0.0");
                    case "vigil.bench.enabled", "vigil.enrichment.bench.enabled" ->
                            assertTrue(value == null, "bench mode is for the local platform only");
                    case "quarkus.vertx.event-loops-pool-size" ->
                            assertTrue(value == null, "the launcher sizes event loops for this machine's cores, "
                                    + "a container from its own");
                    case "quarkus.datasource.username", "quarkus.datasource.password" ->
                            assertTrue(value != null && value.startsWith("${VIGIL_DB_"), name + " of " + Repo.name(s));
                    case "kafka.bootstrap.servers" -> assertEquals("kafka:19092", value);
                    case "mp.jwt.verify.publickey.location" -> assertEquals("/config/jwt/jwt-dev-public.pem", value);
                    default -> {
                        String expected = p.getKey().startsWith("quarkus.rest-client.")
                                ? "http://" + Repo.name(KustomizeOverlaysTest.peerOnPort(URI.create(p.getValue()).getPort()))
                                        + ":" + URI.create(p.getValue()).getPort()
                                : p.getValue().replace("127.0.0.1", "postgres");
                        assertEquals(expected, value, name + " of " + Repo.name(s));
                    }
                }
            }
            assertEquals("http://otel-collector:4317", env.path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText());
        }
        JsonNode gateway = SERVICES.path("gateway");
        assertEquals(PlatformConfig.JWT_ISSUER, gateway.path("environment").path("MP_JWT_VERIFY_ISSUER").asText());
        assertEquals(PlatformConfig.JWT_AUDIENCE, gateway.path("environment").path("MP_JWT_VERIFY_AUDIENCES").asText());
        assertEquals(List.of("./config/dev/jwt-dev-public.pem:/config/jwt/jwt-dev-public.pem:ro"),
                strings(gateway.path("volumes")));
    }

    @Test
    void kafkaInitCreatesTheContractsTopicsWithTheirPartitionCounts() {
        JsonNode init = SERVICES.path("kafka-init");
        assertEquals("service_healthy", init.path("depends_on").path("kafka").path("condition").asText());
        assertEquals("false", SERVICES.path("kafka").path("environment")
                .path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText());
        Matcher m = Pattern.compile("\"([a-z.]+):(\\d+)\"").matcher(Repo.read("deploy/kafka/create-topics.sh"));
        Map<String, Integer> script = new TreeMap<>();
        while (m.find()) {
            script.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertEquals(Topics.ALL.stream().collect(Collectors.toMap(Topics.TopicSpec::name, Topics.TopicSpec::partitions,
                (a, b) -> a, TreeMap::new)), script);
    }

    @Test
    void postgresCreatesTheDatabaseOfEveryStatefulService() {
        String init = Repo.read("deploy/postgres/init.sql");
        for (Service s : Service.values()) {
            if (s.database() != null) {
                assertTrue(init.contains("CREATE DATABASE " + Repo.LAUNCHER.database(s.database()) + ";"), Repo.name(s));
            }
        }
    }

    @Test
    void everyMountedFileExists() {
        SERVICES.fields().forEachRemaining(e -> {
            for (String volume : strings(e.getValue().path("volumes"))) {
                String source = volume.split(":")[0];
                if (source.startsWith("./")) {
                    assertTrue(Files.exists(Repo.path(source.substring(2))), e.getKey() + " mounts " + source);
                }
            }
        });
    }

    @Test
    void prometheusScrapesEveryServiceAndGrafanaReadsPrometheus() {
        JsonNode prometheus = Yaml.document(Repo.read("deploy/prometheus.yml"));
        Map<String, JsonNode> jobs = StreamSupport.stream(prometheus.path("scrape_configs").spliterator(), false)
                .collect(Collectors.toMap(j -> j.path("job_name").asText(), j -> j));
        for (Service s : Service.values()) {
            JsonNode job = jobs.get(Repo.name(s));
            assertTrue(job != null, "a scrape job for " + Repo.name(s));
            assertEquals("/q/metrics", job.path("metrics_path").asText());
            assertEquals(Repo.name(s) + ":" + s.port(Repo.LAUNCHER),
                    job.path("static_configs").path(0).path("targets").path(0).asText());
        }
        JsonNode datasources = Yaml.document(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml"));
        assertEquals("http://prometheus:9090", datasources.path("datasources").path(0).path("url").asText());
        JsonNode collector = Yaml.document(Repo.read("deploy/otel-collector.yaml"));
        assertEquals("jaeger:4317", collector.path("exporters").path("otlp/jaeger").path("endpoint").asText());
        assertEquals("[\"otlp/jaeger\"]",
                collector.path("service").path("pipelines").path("traces").path("exporters").toString());
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
