package io.vigil.ml.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The artifact checksum as the format defines it: SHA-256 over the JSON document without its
 * {@code checksum} member, re-serialised by Jackson with keys sorted at every level and no indentation,
 * written {@code sha256:<lower-case hex>}. Public so model-training can stamp artifacts with the very
 * code that verifies them.
 */
public final class ArtifactChecksum {

    public static final String MEMBER = "checksum";
    public static final String PREFIX = "sha256:";

    private static final TypeReference<LinkedHashMap<String, Object>> DOCUMENT = new TypeReference<>() {};

    // A private mapper: the canonical form must not depend on how the application configures Jackson.
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ArtifactChecksum() {}

    /** Checksum of an artifact file's content; any {@code checksum} member in it is ignored. */
    public static String of(byte[] json) throws IOException {
        return of(CANONICAL.readValue(json, DOCUMENT));
    }

    /** Checksum of an artifact held as a JSON object tree (nested maps, lists, numbers, strings). */
    public static String of(Map<String, ?> document) throws IOException {
        Map<String, Object> withoutChecksum = new LinkedHashMap<>(document);
        withoutChecksum.remove(MEMBER);
        byte[] canonical = CANONICAL.writeValueAsBytes(withoutChecksum);
        return PREFIX + HexFormat.of().formatHex(sha256().digest(canonical));
    }

    /** The artifact's content with its {@code checksum} member set (or replaced) to the right value. */
    public static byte[] stamp(byte[] json, ObjectMapper writer) throws IOException {
        LinkedHashMap<String, Object> document = CANONICAL.readValue(json, DOCUMENT);
        document.put(MEMBER, of(document));
        return writer.writeValueAsBytes(document);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
