package io.vigil.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.contracts.Features;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCodecTest {

    /** A mapper set up from the format's wording only, as a reader in another module would. */
    private static final ObjectMapper SPEC = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    static ModelArtifact sample() {
        List<Term> terms = List.of(Term.log1p("amount"), Term.clip("amountZScore", -5, 20),
                Term.product("newDevice", "newCountry"), Term.mccIn("riskyMcc", List.of("6051", "7995")),
                Term.channelIs("ECOM"), Term.indicatorGt("count1h", 5));
        return new ModelArtifact(ModelArtifact.FORMAT, ModelArtifact.NAME, "lr-20261123-s7", ModelArtifact.ALGORITHM,
                Features.NAMES, terms, List.of(3.1, 0.2, 0.01, 0.02, 0.3, 0.001), List.of(1.2, 1.5, 0.1, 0.14, 0.46, 0.03),
                List.of(0.8, 1.1, 0.9, 0.4, 0.2, 0.7), -6.25,
                Map.of("log_amount", "AMOUNT", "amountZScore", "AMOUNT_ANOMALY", "newDevice*newCountry",
                        "NEW_DEVICE_NEW_COUNTRY", "riskyMcc", "RISKY_MCC", "channel_ECOM", "CHANNEL_ECOM",
                        "count1h_gt_5", "VELOCITY"),
                new ModelArtifact.Thresholds(0.02, 0.31), new ModelArtifact.Metrics(0.9, 0.98, 0.91, 0.6, 0.7),
                new ModelArtifact.Training(7, 20000, 60, Instant.parse("2026-11-23T18:00:00Z"),
                        "tribuo-classification-liblinear 4.3.2", 1000, 400),
                null);
    }

    @Test
    void writtenArtifactReadsBackEqualWithAVerifiedChecksum(@TempDir Path dir) throws IOException {
        Path file = ArtifactCodec.write(sample(), dir);

        assertEquals("vigil-fraud-lr-20261123-s7.json", file.getFileName().toString());
        ModelArtifact read = ArtifactCodec.read(file);
        assertEquals(ArtifactCodec.seal(sample()), read);
        assertTrue(read.checksum().matches("sha256:[0-9a-f]{64}"));
        assertTrue(Files.readString(file).contains("\"trainedAt\" : \"2026-11-23T18:00:00Z\""));
    }

    @Test
    void checksumIsSha256OfTheCanonicalJsonWithoutTheChecksumMember(@TempDir Path dir) throws IOException {
        Path file = ArtifactCodec.write(sample(), dir);
        Map<String, Object> tree = SPEC.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        String stated = (String) tree.remove("checksum");

        assertEquals(stated, sha256(SPEC.writeValueAsBytes(tree)));
        // A reader keeping the file's member order (a JsonNode tree) gets the same bytes.
        ObjectNode node = (ObjectNode) SPEC.readTree(file.toFile());
        node.remove("checksum");
        assertEquals(stated, sha256(SPEC.writeValueAsBytes(node)));
    }

    @Test
    void tamperedArtifactIsRefused(@TempDir Path dir) throws IOException {
        Path file = ArtifactCodec.write(sample(), dir);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, json.replace("-6.25", "-1.25"), StandardCharsets.UTF_8);

        IOException e = assertThrows(IOException.class, () -> ArtifactCodec.read(file));
        assertTrue(e.getMessage().contains("checksum mismatch"));
    }

    @Test
    void scorerAppliesStandardisationWeightsAndBias() {
        ModelArtifact a = sample();
        LinearScorer scorer = new LinearScorer(a);
        double[] terms = {Math.log1p(100), 3, 1, 1, 1, 0};
        double z = a.bias();
        for (int i = 0; i < terms.length; i++) {
            z += a.weights().get(i) * (terms[i] - a.mean().get(i)) / a.scale().get(i);
        }
        assertEquals(1 / (1 + Math.exp(-z)), scorer.scoreTerms(terms, 0), 1e-15);
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
