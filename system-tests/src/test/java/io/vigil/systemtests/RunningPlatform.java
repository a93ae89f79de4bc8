package io.vigil.systemtests;

import io.vigil.launcher.Platform;
import io.vigil.launcher.PlatformConfig;
import io.vigil.launcher.Ports;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The whole platform started once per test JVM through the launcher, as {@code bin/vigil up} does,
 * but on free ports, with its own state directory and databases, so it runs beside a developer's
 * platform. Stopped (and its databases dropped) when the JVM exits.
 */
final class RunningPlatform {

    private static Platform platform;

    private RunningPlatform() {}

    static synchronized Platform get() {
        if (platform == null) {
            Path repo = Path.of(System.getProperty("vigil.repo", "..")).toAbsolutePath().normalize();
            String id = UUID.randomUUID().toString().substring(0, 8);
            PlatformConfig defaults = PlatformConfig.fromEnvironment(repo);
            PlatformConfig config = new PlatformConfig(
                    repo,
                    repo.resolve("system-tests/target/platform-" + id),
                    Ports.free(),
                    Ports.free(),
                    Ports.free(),
                    Ports.free(),
                    Ports.free(),
                    Ports.free(),
                    defaults.postgres(),
                    "vigil_st_" + id,
                    defaults.jwtPublicKey(),
                    Map.of());
            platform = Platform.start(config, line -> System.out.println("[platform] " + line));
            Runtime.getRuntime().addShutdownHook(new Thread(RunningPlatform::stop, "platform-stop"));
        }
        return platform;
    }

    private static synchronized void stop() {
        if (platform != null) {
            platform.stop();
            platform.dropDatabases();
            platform = null;
        }
    }
}
