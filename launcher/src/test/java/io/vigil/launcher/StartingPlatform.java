package io.vigil.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * A launcher for {@link LauncherTest} to stop while it starts: {@code Platform.start} with the repository, state
 * directory, ports and database prefix given as arguments.
 */
public final class StartingPlatform {

    private StartingPlatform() {}

    public static void main(String[] args) {
        PlatformConfig d = PlatformConfig.fromEnvironment(LauncherTest.REPO);
        PlatformConfig config = new PlatformConfig(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Integer.parseInt(args[6]), Integer.parseInt(args[7]), d.postgres(), args[8], d.jwtPublicKey(),
                Map.of());
        Platform.start(config, System.out::println);
    }
}
