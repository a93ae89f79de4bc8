package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.launcher.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The metric names the canary analysis (AnalysisTemplates) and the Grafana dashboard query, with the service that
 * must export each. Committed as deploy/required-metrics.txt, which the system tests check against the running
 * services' /q/metrics (DeployMetricsIT).
 */
class RequiredMetricsTest {

    static final String COMMITTED = "deploy/required-metrics.txt";
    private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{((?:[^{}]|\\{\\{[^}]*}})*)}");
    private static final Pattern SERVICE_LABEL = Pattern.compile("(?:service|job)=\"([a-z-]+)\"");
    private static final Map<String, Service> PREFIXES = Map.of(
            "vigil_gateway_", Service.GATEWAY,
            "vigil_enrichment_", Service.ENRICHMENT,
            "vigil_ml_", Service.ML_ENGINE,
            "vigil_saga_", Service.SAGA);

    @Test
    void theCommittedListIsTheOneTheQueriesNeed() throws IOException {
        String generated = render(requiredMetrics());
        Path out = Repo.path("deploy-tests/target/required-metrics.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, generated, StandardCharsets.UTF_8);
        assertEquals(generated, Repo.read(COMMITTED),
                COMMITTED + " is stale: replace it with " + out + " (written by this test)");
    }

    /** Every vigil_* metric a query needs is registered in its service's code, under the Micrometer name. */
    @Test
    void everyApplicationMetricIsRegisteredByItsService() throws IOException {
        for (Map.Entry<String, Set<String>> e : requiredMetrics().entrySet()) {
            String metric = e.getKey();
            if (!metric.startsWith("vigil_")) {
                continue;
            }
            String base = metric.replaceFirst("(_seconds)?(_total|_bucket|_count|_sum)?$", "");
            Pattern micrometer = Pattern.compile("\"" + base.replace("_", "[._]") + "\"");
            for (String service : e.getValue()) {
                Path sources = Repo.path(service + "/src/main/java");
                try (Stream<Path> files = Files.walk(sources)) {
                    boolean found = files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                        try {
                            return micrometer.matcher(Files.readString(f)).find();
                        } catch (IOException ex) {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    });
                    assertTrue(found, service + " registers no meter " + base.replace('_', '.') + " (needed as " + metric + ")");
                }
            }
        }
    }

    /** Metric name to the services that must export it ("any" when one service is enough). */
    static Map<String, Set<String>> requiredMetrics() throws IOException {
        List<String> queries = new ArrayList<>();
        for (Service s : Service.values()) {
            Path template = Repo.path("k8s/base/" + Repo.name(s) + "/analysis-template.yaml");
            if (Files.exists(template)) {
                Yaml.document(Files.readString(template)).path("spec").path("metrics")
                        .forEach(m -> queries.add(m.path("provider").path("prometheus").path("query").asText()));
            }
        }
        JsonNode dashboard = Yaml.JSON.readTree(Repo.read("deploy/grafana/dashboards/vigil.json"));
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        assertTrue(queries.size() > 10, "queries found: " + queries.size());

        Map<String, Set<String>> required = new TreeMap<>();
        for (String query : queries) {
            Matcher m = SERIES.matcher(query);
            while (m.find()) {
                String metric = m.group(1);
                Matcher label = SERVICE_LABEL.matcher(m.group(2));
                String service = label.find() ? label.group(1)
                        : PREFIXES.entrySet().stream().filter(p -> metric.startsWith(p.getKey()))
                                .map(p -> Repo.name(p.getValue())).findFirst().orElse("any");
                required.computeIfAbsent(metric, k -> new TreeSet<>()).add(service);
            }
        }
        // a metric some query needs from a named service needs no "any" on top
        required.values().forEach(services -> {
            if (services.size() > 1) {
                services.remove("any");
            }
        });
        return required;
    }

    static String render(Map<String, Set<String>> required) {
        String lines = required.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(s -> s + " " + e.getKey()))
                .sorted().collect(Collectors.joining("\n"));
        return """
                # Metrics the canary AnalysisTemplates (k8s/base/*/analysis-template.yaml) and the Grafana dashboard
                # (deploy/grafana/dashboards/vigil.json) query: "<service> <series name>", "any" when one service
                # exporting it is enough. Generated by deploy-tests (RequiredMetricsTest); checked against the
                # running services by system-tests (DeployMetricsIT).
                """ + lines + "\n";
    }
}
