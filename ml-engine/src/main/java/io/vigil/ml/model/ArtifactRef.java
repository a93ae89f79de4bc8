package io.vigil.ml.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Where an artifact comes from: a classpath resource bundled with the service, or a file on disk. */
public record ArtifactRef(Kind kind, String location) {

    public enum Kind {
        CLASSPATH("classpath:"),
        PATH("path:");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Orders artifact file names so that {@code ...-10.json} comes after {@code ...-9.json}. */
    public static final Comparator<String> NEWEST_LAST = ArtifactRef::compareNatural;

    public static ArtifactRef classpath(String directory, String fileName) {
        return new ArtifactRef(Kind.CLASSPATH, directory.isEmpty() ? fileName : directory + "/" + fileName);
    }

    public static ArtifactRef path(String path) {
        return new ArtifactRef(Kind.PATH, path);
    }

    /**
     * A filesystem path when the reference is absolute or such a file exists, otherwise a file name in the
     * classpath directory: a missing {@code /models/x.json} is then reported as that path, not as a class path.
     */
    public static ArtifactRef pathOrClasspath(String reference, String directory) {
        return isPath(reference) ? path(reference) : classpath(directory, reference);
    }

    private static boolean isPath(String reference) {
        try {
            Path path = Path.of(reference);
            return path.isAbsolute() || Files.isRegularFile(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** As shown in /v1/models, health data and error messages, e.g. {@code classpath:models/x.json}. */
    public String description() {
        return kind.prefix + location;
    }

    public byte[] read(ClassLoader classLoader) throws InvalidArtifactException {
        try {
            if (kind == Kind.PATH) {
                return Files.readAllBytes(Path.of(location));
            }
            try (InputStream in = classLoader.getResourceAsStream(location)) {
                if (in == null) {
                    throw new InvalidArtifactException("model artifact " + description() + " not found on the classpath");
                }
                return in.readAllBytes();
            }
        } catch (InvalidPathException e) {
            throw new InvalidArtifactException("model artifact " + description() + " is not a valid path: "
                    + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new InvalidArtifactException("model artifact " + description() + " not found", e);
        } catch (IOException e) {
            throw new InvalidArtifactException("model artifact " + description() + " cannot be read: " + e, e);
        }
    }

    /**
     * The newest {@code *.json} artifact bundled in a classpath directory, if any. Reads the directory
     * listing of a file or jar entry once at start-up; nothing else is scanned.
     */
    public static Optional<ArtifactRef> newestIn(ClassLoader classLoader, String directory) throws IOException {
        TreeSet<String> names = new TreeSet<>(NEWEST_LAST);
        Enumeration<URL> roots = classLoader.getResources(directory);
        while (roots.hasMoreElements()) {
            names.addAll(jsonFilesIn(roots.nextElement()));
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(classpath(directory, names.last()));
    }

    private static List<String> jsonFilesIn(URL root) throws IOException {
        URI uri;
        try {
            uri = root.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("unreadable classpath directory " + root, e);
        }
        if ("file".equals(uri.getScheme())) {
            return list(Path.of(uri));
        }
        FileSystem opened = null;
        try {
            try {
                opened = FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                // someone else holds it open; reading through it is fine, closing it is not ours to do
            }
            return list(Path.of(uri));
        } finally {
            if (opened != null) {
                opened.close();
            }
        }
    }

    private static List<String> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .forEach(names::add);
        }
        return names;
    }

    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                String da = stripZeros(a.substring(i, endA));
                String db = stripZeros(b.substring(j, endB));
                int cmp = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (cmp != 0) {
                    return cmp;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int byLength = Integer.compare(a.length() - i, b.length() - j);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
