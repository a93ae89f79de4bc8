package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.contracts.Topics;
import io.vigil.launcher.PlatformConfig;
import io.vigil.launcher.Service;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The dev and prod overlays as rendered by kubectl: what each service gets and how it is released. */
class KustomizeOverlaysTest {

    private static final Set<Service> CANARIED = Set.of(Service.GATEWAY, Service.ENRICHMENT, Service.ML_ENGINE);

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceRunsHardenedWithProbesAndResources(String overlay) {
        List<JsonNode> resources = Kustomize.resources(overlay);
        for (Service s : Service.values()) {
            JsonNode workload = Workloads.workload(resources, s);
            JsonNode pod = Workloads.podSpec(resources, s);
            JsonNode c = Workloads.container(resources, s);
            JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
            String tmpVolume = StreamSupport.stream(c.path("volumeMounts").spliterator(), false)
                    .filter(m -> "/tmp".equals(m.path("mountPath").asText()))
                    .map(m -> m.path("name").asText()).findFirst().orElse("");
            assertAll(Repo.name(s) + " in " + overlay,
                    () -> assertEquals(Repo.name(s), labels.path("app.kubernetes.io/name").asText()),
                    // the default-deny NetworkPolicy selects pods by this label
                    () -> assertEquals("vigil", labels.path("app.kubernetes.io/part-of").asText()),
                    () -> assertEquals(s.port(Repo.LAUNCHER), c.path("ports").path(0).path("containerPort").asInt()),
                    () -> assertEquals("http", c.path("ports").path(0).path("name").asText()),
                    () -> assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText()),
                    () -> assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText()),
                    () -> assertEquals("http", c.path("readinessProbe").path("httpGet").path("port").asText()),
                    () -> assertTrue(c.path("resources").path("requests").has("cpu")),
                    () -> assertTrue(c.path("resources").path("requests").has("memory")),
                    () -> assertTrue(c.path("resources").path("limits").has("cpu")),
                    () -> assertTrue(c.path("resources").path("limits").has("memory")),
                    () -> assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean()),
                    () -> assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()),
                    () -> assertFalse(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)),
                    () -> assertEquals("[\"ALL\"]", c.path("securityContext").path("capabilities").path("drop").toString()),
                    () -> assertFalse(pod.path("automountServiceAccountToken").asBoolean(true)),
                    () -> assertTrue(StreamSupport.stream(pod.path("volumes").spliterator(), false)
                            .anyMatch(v -> v.path("name").asText().equals(tmpVolume) && v.has("emptyDir")),
                            "/tmp is a writable emptyDir"));
        }
    }

    /** The cluster sets the keys bin/vigil sets (docs/architecture.md), as environment variables, pointed in-cluster. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceGetsTheConfigurationKeysTheLauncherSets(String overlay) {
        List<JsonNode> resources = Kustomize.resources(overlay);
        for (Service s : Service.values()) {
            Map<String, String> env = Workloads.environment(resources, s);
            for (Map.Entry<String, String> p : s.properties(Repo.LAUNCHER).entrySet()) {
                if (p.getKey().equals("quarkus.http.host")) {
                    continue; // the images bind 0.0.0.0 (Dockerfiles), the launcher 127.0.0.1
                }
                String name = Repo.envName(p.getKey());
                if (p.getKey().endsWith("bench.enabled")) {
                    assertFalse(env.containsKey(name), Repo.name(s) + " in " + overlay + ": bench mode is local only");
                    continue;
                }
                if (p.getKey().equals("quarkus.vertx.event-loops-pool-size")) {
                    assertFalse(env.containsKey(name), Repo.name(s) + " in " + overlay
                            + ": a pod sizes its event loops from its own CPU limit");
                    continue;
                }
                assertTrue(env.containsKey(name), Repo.name(s) + " in " + overlay + " lacks " + name);
                String expected = expectedInCluster(s, p.getKey(), p.getValue(), overlay);
                if (expected != null) {
                    assertEquals(expected, unhashed(env.get(name)), Repo.name(s) + " " + name + " in " + overlay);
                }
            }
            assertTrue(env.containsKey("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"), Repo.name(s) + " exports traces");
        }
    }

    /** The launcher's value of a key as the cluster has it; null where the environments differ on purpose. */
    private static String expectedInCluster(Service s, String key, String launcherValue, String overlay) {
        return switch (key) {
            case "quarkus.datasource.username" -> "secret:vigil-db-" + s.database() + "/username";
            case "quarkus.datasource.password" -> "secret:vigil-db-" + s.database() + "/password";
            case "mp.jwt.verify.publickey.location" -> "secret:gateway-jwt/publickey-location";
            case "mp.jwt.verify.issuer" -> overlay.equals("dev") ? launcherValue : null;
            case "kafka.bootstrap.servers" -> "vigil-kafka-bootstrap:9092";
            default -> {
                if (key.startsWith("quarkus.rest-client.")) {
                    yield "http://" + Repo.name(peerOnPort(URI.create(launcherValue).getPort())) + ":"
                            + URI.create(launcherValue).getPort();
                }
                yield launcherValue.replace("127.0.0.1", "vigil-postgres");
            }
        };
    }

    static Service peerOnPort(int port) {
        return List.of(Service.values()).stream().filter(x -> x.port(Repo.LAUNCHER) == port).findFirst()
                .orElseThrow(() -> new AssertionError("no service on port " + port));
    }

    private static String unhashed(String value) {
        return value == null ? null : value.replaceAll("^(secret:[a-z0-9-]+?)-" + Kustomize.HASH + "/", "$1/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDatabaseOfEachServiceComesFromItsOwnSecret(String overlay) {
        List<JsonNode> resources = Kustomize.resources(overlay);
        for (Service s : Service.values()) {
            Map<String, String> env = Workloads.environment(resources, s);
            if (s.database() == null) {
                assertFalse(env.containsKey("QUARKUS_DATASOURCE_REACTIVE_URL"), Repo.name(s) + " is stateless");
                continue;
            }
            String database = Repo.LAUNCHER.database(s.database());
            assertEquals("postgresql://vigil-postgres:5432/" + database, env.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
            assertEquals("jdbc:postgresql://vigil-postgres:5432/" + database, env.get("QUARKUS_DATASOURCE_JDBC_URL"));
            assertEquals("secret:vigil-db-" + s.database() + "/username", unhashed(env.get("QUARKUS_DATASOURCE_USERNAME")));
            assertEquals("secret:vigil-db-" + s.database() + "/password", unhashed(env.get("QUARKUS_DATASOURCE_PASSWORD")));
        }
        JsonNode postgres = Kustomize.find(resources, "Service", "vigil-postgres").orElseThrow();
        assertEquals("ExternalName", postgres.path("spec").path("type").asText());
        assertFalse(postgres.path("spec").path("externalName").asText().endsWith(".invalid"),
                overlay + " points vigil-postgres at a real host");
    }

    @ParameterizedTest
    @EnumSource(value = Service.class, names = {"GATEWAY", "ENRICHMENT", "ML_ENGINE"})
    void canaryGoesFivePercentFirstAndIsAnalysedBeforeEveryIncrease(Service s) {
        for (String overlay : Kustomize.OVERLAYS) {
            List<JsonNode> resources = Kustomize.resources(overlay);
            JsonNode canary = Workloads.workload(resources, s).path("spec").path("strategy").path("canary");
            List<JsonNode> steps = StreamSupport.stream(canary.path("steps").spliterator(), false).toList();

            List<Integer> weights = steps.stream().filter(st -> st.has("setWeight"))
                    .map(st -> st.path("setWeight").asInt()).toList();
            assertEquals(List.of(5, 25, 50, 100), weights, Repo.name(s) + " in " + overlay);
            // between two weights: a pause, then the analysis that gates the next increase
            for (int i = 0; i < steps.size() - 1; i++) {
                if (steps.get(i).has("setWeight")) {
                    assertTrue(steps.get(i + 1).has("pause"), "pause after step " + i);
                    JsonNode analysis = steps.get(i + 2).path("analysis");
                    String template = analysis.path("templates").path(0).path("templateName").asText();
                    assertEquals(Repo.name(s) + "-canary", template);
                    assertTrue(Kustomize.find(resources, "AnalysisTemplate", template).isPresent(), template);
                    Map<String, String> args = StreamSupport.stream(analysis.path("args").spliterator(), false)
                            .collect(Collectors.toMap(a -> a.path("name").asText(),
                                    a -> a.path("valueFrom").path("podTemplateHashValue").asText()));
                    assertEquals("Latest", args.get("canary-hash"));
                    assertEquals("Stable", args.get("stable-hash"));
                    i += 2;
                }
            }
            for (String role : List.of("canaryService", "stableService")) {
                JsonNode service = Kustomize.find(resources, "Service", canary.path(role).asText())
                        .orElseThrow(() -> new AssertionError(role + " of " + Repo.name(s)));
                assertEquals(Repo.name(s), service.path("spec").path("selector").path("app.kubernetes.io/name").asText());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewayCanaryIsSplitByTheIngressOnTheStableService(String overlay) {
        List<JsonNode> resources = Kustomize.resources(overlay);
        JsonNode canary = Workloads.workload(resources, Service.GATEWAY).path("spec").path("strategy").path("canary");
        String ingressName = canary.path("trafficRouting").path("nginx").path("stableIngress").asText();
        JsonNode ingress = Kustomize.find(resources, "Ingress", ingressName).orElseThrow();
        assertEquals(canary.path("stableService").asText(), ingress.path("spec").path("rules").path(0).path("http")
                .path("paths").path(0).path("backend").path("service").path("name").asText());
    }

    /** Each gateway pod holds a client to its share of the tier, among the pods this Service lists. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewayCountsItsPeersThroughAHeadlessServiceOfItsReadyPods(String overlay) {
        List<JsonNode> resources = Kustomize.resources(overlay);
        String peers = Workloads.environment(resources, Service.GATEWAY).get("VIGIL_RATE_LIMIT_PEERS");
        JsonNode spec = Kustomize.find(resources, "Service", peers).orElseThrow().path("spec");
        JsonNode podLabels = Workloads.workload(resources, Service.GATEWAY)
                .path("spec").path("template").path("metadata").path("labels");
        assertEquals("None", spec.path("clusterIP").asText());
        assertFalse(spec.path("publishNotReadyAddresses").asBoolean(false));
        assertTrue(spec.path("selector").size() > 0);
        spec.path("selector").fields().forEachRemaining(selected ->
                assertEquals(selected.getValue().asText(), podLabels.path(selected.getKey()).asText()));
    }

    /** Each AnalysisTemplate queries what the services really export, for the canary's own pods. */
    @ParameterizedTest
    @EnumSource(value = Service.class, names = {"GATEWAY", "ENRICHMENT", "ML_ENGINE"})
    void analysisChecksErrorRateAndP99OfTheCanaryAndFailsOnBreach(Service s) {
        JsonNode template = Kustomize.find(Kustomize.resources("prod"), "AnalysisTemplate", Repo.name(s) + "-canary")
                .orElseThrow();
        Set<String> declared = StreamSupport.stream(template.path("spec").path("args").spliterator(), false)
                .map(a -> a.path("name").asText()).collect(Collectors.toSet());
        Map<String, JsonNode> metrics = StreamSupport.stream(template.path("spec").path("metrics").spliterator(), false)
                .collect(Collectors.toMap(m -> m.path("name").asText(), m -> m));

        String errors = query(metrics.get("error-rate"));
        assertTrue(errors.contains("http_server_requests_seconds_count{") && errors.contains("status=~\"5..\""), errors);
        assertTrue(errors.contains("rollouts_pod_template_hash=\"{{args.canary-hash}}\""), errors);
        String p99 = query(metrics.get("latency-p99"));
        assertTrue(p99.contains("histogram_quantile(0.99") && p99.contains("http_server_requests_seconds_bucket{"), p99);
        for (JsonNode m : metrics.values()) {
            assertTrue(m.path("successCondition").asText().contains("result[0]"), m.toString());
            assertTrue(m.path("failureCondition").asText().contains("result[0] >"), m.toString());
            assertTrue(m.path("count").asInt() > 0, "a finite analysis, so the step ends: " + m.path("name"));
            Matcher used = Pattern.compile("\\{\\{\\s*args\\.([a-z-]+)\\s*}}").matcher(m.toString());
            while (used.find()) {
                assertTrue(declared.contains(used.group(1)), "undeclared arg " + used.group(1) + " in " + m.path("name"));
            }
        }
        if (s == Service.ML_ENGINE) {
            String degraded = query(metrics.get("degraded-rate"));
            assertTrue(degraded.contains("vigil_enrichment_decisions_total{") && degraded.contains("degraded=\"true\""));
            for (String shift : List.of("decline-share-shift", "review-share-shift")) {
                String q = query(metrics.get(shift));
                assertTrue(q.contains("vigil_ml_scores_total{") && q.contains("{{args.canary-hash}}")
                        && q.contains("{{args.stable-hash}}"), q);
            }
        }
    }

    private static String query(JsonNode metric) {
        assertTrue(metric != null, "metric present");
        return metric.path("provider").path("prometheus").path("query").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasAnAutoscalerADisruptionBudgetAndAServiceMonitor(String overlay) {
        List<JsonNode> resources = Kustomize.resources(overlay);
        for (Service s : Service.values()) {
            String name = Repo.name(s);
            JsonNode hpa = Kustomize.find(resources, "HorizontalPodAutoscaler", name).orElseThrow();
            assertEquals(Workloads.kind(s), hpa.path("spec").path("scaleTargetRef").path("kind").asText());
            assertEquals(name, hpa.path("spec").path("scaleTargetRef").path("name").asText());
            JsonNode pdb = Kustomize.find(resources, "PodDisruptionBudget", name).orElseThrow();
            assertEquals(name, pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText());

            JsonNode monitor = Kustomize.find(resources, "ServiceMonitor", name).orElseThrow();
            JsonNode endpoint = monitor.path("spec").path("endpoints").path(0);
            assertEquals("/q/metrics", endpoint.path("path").asText());
            assertEquals("http", endpoint.path("port").asText());
            JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
            List<String> scraped = Kustomize.ofKind(resources, "Service").filter(svc -> {
                JsonNode labels = svc.path("metadata").path("labels");
                List<String> keys = new ArrayList<>();
                selector.fieldNames().forEachRemaining(keys::add);
                return keys.stream().allMatch(k -> selector.path(k).asText().equals(labels.path(k).asText()));
            }).map(svc -> svc.path("metadata").path("name").asText()).toList();
            assertEquals(List.of(name), scraped, "each pod scraped once, through its main Service");
            if (CANARIED.contains(s)) {
                assertTrue(monitor.path("spec").path("podTargetLabels").toString().contains("rollouts-pod-template-hash"),
                        "series carry the ReplicaSet hash the analysis filters on");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaTopicsAreTheContractsTopicsWithTheirPartitionCounts(String overlay) {
        Map<String, Integer> rendered = Kustomize.ofKind(Kustomize.resources(overlay), "KafkaTopic")
                .peek(t -> assertEquals("vigil", t.path("metadata").path("labels").path("strimzi.io/cluster").asText()))
                .collect(Collectors.toMap(t -> t.path("spec").path("topicName").asText(),
                        t -> t.path("spec").path("partitions").asInt(), (a, b) -> a, TreeMap::new));
        Map<String, Integer> contract = Topics.ALL.stream()
                .collect(Collectors.toMap(Topics.TopicSpec::name, Topics.TopicSpec::partitions, (a, b) -> a, TreeMap::new));
        assertEquals(contract, rendered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodIsCoveredByTheDefaultDenyPolicy(String overlay) {
        List<JsonNode> resources = Kustomize.resources(overlay);
        JsonNode deny = Kustomize.find(resources, "NetworkPolicy", "vigil-default-deny").orElseThrow();
        assertEquals("[\"Ingress\",\"Egress\"]", deny.path("spec").path("policyTypes").toString());
        assertTrue(deny.path("spec").path("ingress").isMissingNode() && deny.path("spec").path("egress").isMissingNode());
        for (Service s : Service.values()) {
            JsonNode labels = Workloads.workload(resources, s).path("spec").path("template").path("metadata").path("labels");
            deny.path("spec").path("podSelector").path("matchLabels").fields().forEachRemaining(e ->
                    assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(), Repo.name(s)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIssuerIsSetPerEnvironment(String overlay) {
        String issuer = Workloads.environment(Kustomize.resources(overlay), Service.GATEWAY).get("MP_JWT_VERIFY_ISSUER");
        if (overlay.equals("dev")) {
            assertEquals(PlatformConfig.JWT_ISSUER, issuer);
        } else {
            assertTrue(issuer != null && issuer.startsWith("https://"), issuer);
            assertNotEquals(PlatformConfig.JWT_ISSUER, issuer, "prod does not trust the dev issuer");
        }
        assertEquals(PlatformConfig.JWT_AUDIENCE,
                Workloads.environment(Kustomize.resources(overlay), Service.GATEWAY).get("MP_JWT_VERIFY_AUDIENCES"));
    }
}
