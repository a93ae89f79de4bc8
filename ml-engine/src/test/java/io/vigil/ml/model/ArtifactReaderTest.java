package io.vigil.ml.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.contracts.Features;
import io.vigil.ml.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheHandMadeArtifactWithEveryMember() throws Exception {
        ModelArtifact a = ArtifactReader.read(Fixtures.resource("test-models/" + Fixtures.CHAMPION), "test");

        assertEquals("lr-test-2", a.version());
        assertEquals("logistic-regression", a.algorithm());
        assertEquals(Features.NAMES, a.features());
        assertEquals(7, a.terms().size());
        assertArrayEquals(new double[] {0.8, 0.5, 0.6, 0.7, 0.4, 0.2, 0.9}, a.weights());
        assertEquals(-6.0, a.bias());
        assertEquals(0.85, a.thresholds().decline());
        assertEquals(0.61, a.metrics().get("prAuc"));
        assertEquals(2, a.training().get("dataSeed"));
        assertTrue(a.checksum().matches("sha256:[0-9a-f]{64}"), a.checksum());
    }

    @Test
    void checksumIgnoresKeyOrderIndentationAndTheChecksumMemberItself() throws Exception {
        byte[] original = Fixtures.resource("test-models/" + Fixtures.CHAMPION);
        @SuppressWarnings("unchecked")
        Map<String, Object> document = JSON.readValue(original, Map.class);
        Map<String, Object> reversed = new LinkedHashMap<>();
        List.copyOf(document.keySet()).reversed().forEach(k -> reversed.put(k, document.get(k)));
        reversed.put("checksum", "sha256:whatever");

        assertEquals(document.get("checksum"), ArtifactChecksum.of(original));
        assertEquals(ArtifactChecksum.of(original), ArtifactChecksum.of(JSON.writeValueAsBytes(reversed)));
    }

    @Test
    void stampedArtifactVerifies() throws Exception {
        String edited = new String(Fixtures.resource("test-models/" + Fixtures.CHAMPION), StandardCharsets.UTF_8)
                .replace("\"lr-test-2\"", "\"lr-test-3\"");

        byte[] stamped = ArtifactChecksum.stamp(edited.getBytes(StandardCharsets.UTF_8), JSON);

        assertEquals("lr-test-3", ArtifactReader.read(stamped, "stamped").version());
    }

    @Test
    void editedWeightsAreRefusedByTheChecksum() {
        assertThat(refusal("broken/checksum-mismatch.json"),
                allOf(containsString("model artifact x.json is invalid"), containsString("checksum mismatch")));
    }

    @Test
    void featureListInAnotherOrderIsRefused() {
        assertThat(refusal("broken/wrong-features.json"),
                allOf(containsString("feature list"), not(containsString("checksum"))));
    }

    @Test
    void truncatedJsonIsRefusedWithItsPosition() {
        assertThat(refusal("broken/truncated.json"),
                allOf(containsString("x.json is not valid JSON"), containsString("line")));
    }

    @Test
    void everyStructuralProblemIsReportedAtOnce() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = JSON.readValue(Fixtures.resource("test-models/" + Fixtures.CHAMPION), Map.class);
        doc.put("format", "vigil-model/2");
        doc.put("weights", List.of(1.0, 2.0));
        doc.put("scale", List.of(1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0));
        doc.put("terms", List.of(
                Map.of("name", "a", "op", "log1p", "inputs", List.of("amount")),
                Map.of("name", "b", "op", "cube", "inputs", List.of("amount")),
                Map.of("name", "c", "op", "identity", "inputs", List.of("nope")),
                Map.of("name", "d", "op", "clip", "inputs", List.of("amount")),
                Map.of("name", "e", "op", "channel_is", "inputs", List.of(), "values", List.of("PIGEON")),
                Map.of("name", "a", "op", "product", "inputs", List.of("amount")),
                Map.of("name", "g", "op", "indicator_gt", "inputs", List.of("count1h"))));
        doc.put("thresholds", Map.of("review", 0.9, "decline", 0.5));
        byte[] stamped = ArtifactChecksum.stamp(JSON.writeValueAsBytes(doc), JSON);

        String message = assertThrows(InvalidArtifactException.class, () -> ArtifactReader.read(stamped, "x.json"))
                .getMessage();

        assertThat(message, allOf(
                containsString("format is 'vigil-model/2'"),
                containsString("weights has 2 values for 7 terms"),
                containsString("scale[1] = 0.0 is not a finite positive number"),
                containsString("unknown op 'cube'"),
                containsString("reads unknown feature 'nope'"),
                containsString("(clip) needs finite min <= max"),
                containsString("unknown channel 'PIGEON'"),
                containsString("term 5 'a' is defined twice"),
                containsString("(product) needs 2 inputs, has 1"),
                containsString("(indicator_gt) needs a finite threshold"),
                containsString("thresholds must satisfy"),
                not(containsString("checksum"))));
    }

    private static String refusal(String resource) {
        return assertThrows(InvalidArtifactException.class,
                () -> ArtifactReader.read(Fixtures.resource(resource), "x.json")).getMessage();
    }
}
