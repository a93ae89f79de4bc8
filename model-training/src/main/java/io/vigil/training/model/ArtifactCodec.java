package io.vigil.training.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads model artifacts. The checksum is {@code sha256:<hex>} of the artifact without its
 * {@code checksum} member, serialised by Jackson with ORDER_MAP_ENTRIES_BY_KEYS and
 * SORT_PROPERTIES_ALPHABETICALLY and no indentation. The file itself is written with every object's keys in
 * that same order, so a reader that keeps the file's order (a JsonNode tree) or sorts maps (a Map) rebuilds
 * the same canonical bytes.
 */
public final class ArtifactCodec {

    public static final String CHECKSUM = "checksum";
    private static final String PREFIX = "sha256:";
    private static final TypeReference<LinkedHashMap<String, Object>> TREE = new TypeReference<>() {};

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final ObjectMapper PRETTY = CANONICAL.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private ArtifactCodec() {}

    public static ObjectMapper mapper() {
        return CANONICAL;
    }

    /** The artifact with its checksum filled in. */
    public static ModelArtifact seal(ModelArtifact artifact) {
        return artifact.withChecksum(checksum(CANONICAL.convertValue(artifact, TREE)));
    }

    /** Seals the artifact and writes it as {@code dir/<fileName>}; returns the file. */
    public static Path write(ModelArtifact artifact, Path dir) throws IOException {
        ModelArtifact sealed = seal(artifact);
        Files.createDirectories(dir);
        Path file = dir.resolve(sealed.fileName());
        byte[] json = PRETTY.writeValueAsBytes(CANONICAL.convertValue(sealed, TREE));
        Files.write(file, json);
        return file;
    }

    /** Reads an artifact and refuses it when its checksum does not match its content. */
    public static ModelArtifact read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Map<String, Object> tree = CANONICAL.readValue(bytes, TREE);
        Object stated = tree.get(CHECKSUM);
        String actual = checksum(tree);
        if (!actual.equals(stated)) {
            throw new IOException("checksum mismatch in " + file + ": stated " + stated + ", content " + actual);
        }
        return CANONICAL.readValue(bytes, ModelArtifact.class);
    }

    /** The checksum of a parsed artifact tree, ignoring any {@code checksum} member it has. */
    public static String checksum(Map<String, Object> tree) {
        Map<String, Object> copy = new LinkedHashMap<>(tree);
        copy.remove(CHECKSUM);
        try {
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsBytes(copy)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute artifact checksum", e);
        }
    }
}
