package io.vigil.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The schema validator of src/test/node (validate.mjs). Its npm dependencies are installed with {@code npm ci}
 * from the committed package-lock.json the first time, and again whenever the lock file changes.
 */
final class SchemaValidator {

    static final Path NODE_DIR = Repo.path("deploy-tests/src/test/node");
    private static final Path INSTALLED_MARK = NODE_DIR.resolve("node_modules/.vigil-package-lock.sha256");

    private SchemaValidator() {}

    /** Validates rendered manifests and, optionally, a Compose file; returns validate.mjs's report. */
    static JsonNode validate(List<Path> manifests, Path compose) {
        assumeTrue(Processes.onPath("node") && Processes.onPath("npm"),
                "node/npm are not installed: manifests and compose were not validated against their schemas");
        install();
        List<String> command = new ArrayList<>(List.of("node", "validate.mjs", "--k8s"));
        manifests.forEach(m -> command.add(m.toString()));
        if (compose != null) {
            command.add("--compose");
            command.add(compose.toString());
        }
        Processes.Result r = Processes.run(NODE_DIR, command.toArray(String[]::new));
        assertEquals(0, r.exitCode(), "validate.mjs failed:\n" + r.errors());
        try {
            return Yaml.JSON.readTree(r.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void install() {
        try {
            String lock = sha256(Files.readAllBytes(NODE_DIR.resolve("package-lock.json")));
            if (Files.exists(INSTALLED_MARK) && Files.readString(INSTALLED_MARK).equals(lock)) {
                return;
            }
            Processes.Result r = Processes.run(NODE_DIR, "npm", "ci", "--no-audit", "--no-fund");
            assertEquals(0, r.exitCode(), "npm ci failed:\n" + r.errors());
            Files.writeString(INSTALLED_MARK, lock, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
