package io.vigil.ml;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, built without a collector and given one when it starts (as Kubernetes and
 * compose do), exports its traces: what Quarkus fixed at build time must not keep spans unrecorded.
 */
@QuarkusIntegrationTest
@TestProfile(TraceExportIT.Collector.class)
class TraceExportIT {

    /** The profile and the test may load in different class loaders: the port travels as a system property. */
    private static final String PORT = "vigil.test.collector-port";

    public static class Collector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port(),
                    "quarkus.otel.bsp.schedule.delay", "100ms");
        }
    }

    private static synchronized int port() {
        String port = System.getProperty(PORT);
        if (port == null) {
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = String.valueOf(free.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PORT, port);
        }
        return Integer.parseInt(port);
    }

    @Test
    void aCollectorGivenAtStartUpReceivesTheServicesTraces() throws IOException {
        try (ServerSocket collector = new ServerSocket(port(), 1, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(15_000);
            given().get("/v1/models").then().statusCode(200);
            try (Socket exporter = collector.accept()) {
                assertTrue(exporter.isConnected());
            }
        }
    }
}
