package io.vigil.deploy;

import io.vigil.launcher.PlatformConfig;
import io.vigil.launcher.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The repository under test and the launcher's view of the platform, the reference the artefacts mirror. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("vigil.repo", "..")).toAbsolutePath().normalize();

    /** The launcher's defaults, independent of the developer's environment. */
    static final PlatformConfig LAUNCHER = new PlatformConfig(ROOT, ROOT.resolve(".vigil"), 8080, 8081, 8082, 8083,
            9092, 9093, new PlatformConfig.PostgresTarget("127.0.0.1", 5432, "postgres", ""), "vigil",
            ROOT.resolve("config/dev/jwt-dev-public.pem"), Map.of());

    private Repo() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MicroProfile Config's environment-variable form of a property name. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** Module directory name of a service, which is also its Kubernetes and compose name. */
    static String name(Service service) {
        return service.module();
    }
}
