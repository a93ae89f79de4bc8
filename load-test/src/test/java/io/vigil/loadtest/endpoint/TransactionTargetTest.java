package io.vigil.loadtest.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.loadtest.data.MixConfig;
import io.vigil.loadtest.data.TrafficMix;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("transactionId", "walletId", "amount", "currency", "merchantId",
            "merchantCategory", "channel", "country", "deviceId", "ipAddress", "occurredAt");

    @TempDir
    static Path dir;
    static ClientTokens tokens;

    @BeforeAll
    static void signTokens() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        tokens = ClientTokens.sign(pem, "acme", 3, Duration.ofMinutes(5));
    }

    @Test
    void theLoadIsSpreadRoundRobinOverDistinctClientsOfTheTenant() throws Exception {
        Set<String> subjects = new HashSet<>();
        for (long n = 0; n < 6; n++) {
            JsonNode claims = claims(tokens.authorization(n));
            subjects.add(claims.get("sub").asText());
            assertEquals("acme", claims.get("tenant").asText());
            assertEquals(ClientTokens.ROLE, claims.get("groups").get(0).asText());
        }
        assertEquals(Set.of("bench-client-000", "bench-client-001", "bench-client-002"), subjects);
        assertEquals(tokens.authorization(1), tokens.authorization(4));
    }

    @Test
    void aPlatformRequestCarriesThePublicApiHeadersAndAValidBody() throws Exception {
        TransactionTarget target = TransactionTarget.platform(URI.create("http://127.0.0.1:8080"),
                new TrafficMix(MixConfig.defaults(1)), tokens, "bench-r-0-", Duration.ofSeconds(3));

        Outgoing out = target.request(17);

        assertEquals("bench-r-0-17", out.transactionId());
        assertEquals(URI.create("http://127.0.0.1:8080/v1/transactions"), out.uri());
        assertEquals("bench-r-0-17", out.headers().get("Idempotency-Key"));
        assertEquals("application/json", out.headers().get("Content-Type"));
        assertTrue(out.headers().get("Authorization").startsWith("Bearer "));
        assertEquals(Duration.ofSeconds(3), out.timeout());
        JsonNode body = JSON.readTree(out.body());
        Set<String> names = new HashSet<>();
        body.fieldNames().forEachRemaining(names::add);
        assertEquals(FIELDS, names);
        assertEquals("bench-r-0-17", body.get("transactionId").asText());
        assertTrue(body.get("amount").asText().matches("\\d+\\.\\d{2}"));
        assertTrue(target.tracksSagas());
    }

    @Test
    void theHopTargetPostsTheSameBodyToTheBareHopChain() {
        TransactionTarget hops = TransactionTarget.hops(URI.create("http://127.0.0.1:8080"),
                new TrafficMix(MixConfig.defaults(1)), tokens, "bench-r-1-", Duration.ofSeconds(3));

        assertEquals(URI.create("http://127.0.0.1:8080/bench/hop"), hops.request(0).uri());
        assertEquals("hops", hops.name());
        assertFalse(hops.tracksSagas());
    }

    private static JsonNode claims(String authorization) throws Exception {
        String jwt = authorization.substring("Bearer ".length());
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
