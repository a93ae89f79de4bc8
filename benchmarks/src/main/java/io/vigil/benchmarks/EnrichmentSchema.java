package io.vigil.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * enrichment-service's schema, made by its own Flyway migrations: the {@code db/migration/V*.sql} files of
 * its artifact, applied in version order as plain SQL. Read from that artifact alone because the gateway's,
 * also on this classpath, has a {@code db/migration} directory of its own.
 */
final class EnrichmentSchema {

    private static final String MARKER = "io/vigil/enrichment/repository/HistoryRepository.class";
    private static final String MIGRATIONS = "db/migration";

    private EnrichmentSchema() {}

    static void migrate(Connection connection) throws IOException, SQLException {
        for (String sql : migrations()) {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
        }
    }

    /** The versioned migrations' SQL, lowest version first. */
    static List<String> migrations() throws IOException {
        URI artifact = artifactOfEnrichmentService();
        if ("file".equals(artifact.getScheme())) {
            return read(Path.of(artifact).resolve(MIGRATIONS));
        }
        try (FileSystem jar = FileSystems.newFileSystem(artifact, Map.of())) {
            return read(jar.getPath(MIGRATIONS));
        }
    }

    /** The classes directory (a reactor build) or the jar URI ({@code jar:file:...}) holding enrichment-service. */
    private static URI artifactOfEnrichmentService() throws IOException {
        URL marker = EnrichmentSchema.class.getClassLoader().getResource(MARKER);
        if (marker == null) {
            throw new IOException(MARKER + " is not on the classpath: enrichment-service is a dependency of benchmarks");
        }
        String url = marker.toString();
        try {
            return url.startsWith("jar:")
                    ? new URI(url.substring(0, url.indexOf("!/")))
                    : new URI(url.substring(0, url.length() - MARKER.length()));
        } catch (URISyntaxException e) {
            throw new IOException("unreadable location of enrichment-service: " + url, e);
        }
    }

    private static List<String> read(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> versioned = files
                    .filter(f -> f.getFileName().toString().matches("V[0-9._]+__.*\\.sql"))
                    .sorted(Comparator.comparing(EnrichmentSchema::version, EnrichmentSchema::compareVersions))
                    .toList();
            if (versioned.isEmpty()) {
                throw new IOException("no V*__*.sql migration in " + directory.toUri());
            }
            return versioned.stream().map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read migration " + f.toUri(), e);
                }
            }).toList();
        }
    }

    /** Flyway's version of {@code V1_2__x.sql}: 1.2, as numbers. */
    private static long[] version(Path file) {
        String name = file.getFileName().toString();
        return Arrays.stream(name.substring(1, name.indexOf("__")).split("[._]")).mapToLong(Long::parseLong).toArray();
    }

    private static int compareVersions(long[] a, long[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = Long.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
