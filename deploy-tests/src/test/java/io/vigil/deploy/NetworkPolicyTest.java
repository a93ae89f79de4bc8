package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.launcher.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Evaluates the rendered NetworkPolicies the way the Kubernetes NetworkPolicy API defines them (a connection
 * passes when the source's egress and the destination's ingress both allow it; a pod no policy selects for a
 * direction is open in that direction) over the parties of the platform, and compares the flows that pass with
 * the designed ones.
 */
class NetworkPolicyTest {

    private static final String NAMESPACE = "app";

    /** A party to a connection: a pod (namespace, labels, named ports) or an address outside the cluster. */
    record Peer(String name, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts, int port) {
        boolean external() {
            return namespace == null;
        }

        boolean vigil() {
            return NAMESPACE.equals(namespace) && "vigil".equals(labels.get("app.kubernetes.io/part-of"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheDesignedFlowsPass(String overlay) {
        List<JsonNode> resources = Kustomize.resources(overlay);
        List<JsonNode> policies = Kustomize.ofKind(resources, "NetworkPolicy").toList();

        List<Peer> services = new ArrayList<>();
        for (Service s : Service.values()) {
            Map<String, String> labels = Yaml.JSON.convertValue(Workloads.workload(resources, s)
                    .path("spec").path("template").path("metadata").path("labels"), Yaml.STRING_MAP);
            int port = s.port(Repo.LAUNCHER);
            services.add(new Peer(Repo.name(s), NAMESPACE, labels, Map.of("http", port), port));
        }
        Peer ingress = new Peer("ingress-nginx", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), Map.of(), 443);
        Peer prometheus = new Peer("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of(), 9090);
        Peer stranger = new Peer("other-pod", NAMESPACE, Map.of("app", "other"), Map.of(), 8080);
        Peer kafka = new Peer("kafka", NAMESPACE, Map.of("strimzi.io/cluster", "vigil", "strimzi.io/kind", "Kafka"), Map.of(), 9092);
        Peer postgres = new Peer("postgres", null, Map.of(), Map.of(), 5432);
        Peer dns = new Peer("dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of(), 53);
        Peer otel = new Peer("otel-collector", "observability", Map.of("app.kubernetes.io/name", "opentelemetry-collector"), Map.of(), 4317);

        List<Peer> sources = new ArrayList<>(List.of(ingress, prometheus, stranger));
        sources.addAll(services);
        List<Peer> destinations = new ArrayList<>(services);
        destinations.addAll(List.of(kafka, postgres, stranger));

        Set<String> passing = new TreeSet<>();
        for (Peer from : sources) {
            for (Peer to : destinations) {
                if (from != to && (from.vigil() || to.vigil()) && allowed(policies, from, to, to.port())) {
                    passing.add(from.name() + " -> " + to.name() + ":" + to.port());
                }
            }
        }
        assertEquals(new TreeSet<>(List.of(
                "ingress-nginx -> gateway:8080",
                "prometheus -> gateway:8080",
                "prometheus -> enrichment-service:8081",
                "prometheus -> ml-engine:8082",
                "prometheus -> saga-orchestrator:8083",
                "gateway -> enrichment-service:8081",
                "gateway -> saga-orchestrator:8083",
                "enrichment-service -> ml-engine:8082",
                "enrichment-service -> kafka:9092",
                "enrichment-service -> postgres:5432",
                "saga-orchestrator -> kafka:9092",
                "saga-orchestrator -> postgres:5432")), passing);

        for (Peer s : services) {
            assertTrue(allowed(policies, s, dns, 53), s.name() + " resolves names");
            assertTrue(allowed(policies, s, otel, 4317), s.name() + " exports traces");
        }
    }

    static boolean allowed(List<JsonNode> policies, Peer from, Peer to, int port) {
        return direction(policies, from, "Egress", "egress", "to", to, port, to)
                && direction(policies, to, "Ingress", "ingress", "from", from, port, to);
    }

    /** Whether the policies selecting {@code subject} for one direction let the connection through. */
    private static boolean direction(List<JsonNode> policies, Peer subject, String type, String rulesField,
            String peersField, Peer other, int port, Peer destination) {
        if (subject.external() || !NAMESPACE.equals(subject.namespace())) {
            return true; // outside the namespace these policies govern
        }
        List<JsonNode> selecting = policies.stream()
                .filter(p -> contains(p.path("spec").path("policyTypes"), type))
                .filter(p -> matches(p.path("spec").path("podSelector"), subject.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> StreamSupport.stream(p.path("spec").path(rulesField).spliterator(), false))
                .anyMatch(rule -> peerMatches(rule.path(peersField), other) && portMatches(rule.path("ports"), port, destination));
    }

    private static boolean peerMatches(JsonNode peers, Peer other) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                if (other.external()) {
                    return true;
                }
                continue;
            }
            if (other.external()) {
                continue;
            }
            boolean namespaceOk = peer.has("namespaceSelector")
                    ? matches(peer.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", other.namespace()))
                    : NAMESPACE.equals(other.namespace());
            boolean podOk = !peer.has("podSelector") || matches(peer.path("podSelector"), other.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, int port, Peer destination) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            JsonNode value = p.path("port");
            int resolved = value.isInt() ? value.asInt() : destination.namedPorts().getOrDefault(value.asText(), -1);
            if (resolved == port && "TCP".equals(p.path("protocol").asText("TCP"))) {
                return true;
            }
            if (port == 53 && resolved == 53) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(JsonNode selector, Map<String, String> labels) {
        assertTrue(selector.path("matchExpressions").isMissingNode(), "selectors here use matchLabels only");
        JsonNode match = selector.path("matchLabels");
        List<String> keys = new ArrayList<>();
        match.fieldNames().forEachRemaining(keys::add);
        return keys.stream().allMatch(k -> match.path(k).asText().equals(labels.get(k)));
    }

    private static boolean contains(JsonNode array, String value) {
        return StreamSupport.stream(array.spliterator(), false).anyMatch(v -> value.equals(v.asText()));
    }
}
