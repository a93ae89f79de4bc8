package io.vigil.ml.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ArtifactRefTest {

    @Test
    void newestArtifactIsChosenByVersionNumbersNotByCharacters() {
        List<String> names = Stream.of("vigil-fraud-lr-20261123-s10.json", "vigil-fraud-lr-20261123-s9.json",
                        "vigil-fraud-lr-20261122-s99.json", "vigil-fraud-lr-20261123-s07.json")
                .sorted(ArtifactRef.NEWEST_LAST)
                .toList();

        assertEquals(List.of("vigil-fraud-lr-20261122-s99.json", "vigil-fraud-lr-20261123-s07.json",
                "vigil-fraud-lr-20261123-s9.json", "vigil-fraud-lr-20261123-s10.json"), names);
    }

    @Test
    void newestInAClasspathDirectoryOrNothingWhenItIsMissing() throws Exception {
        ClassLoader loader = getClass().getClassLoader();

        assertEquals(Optional.of("classpath:test-models/vigil-fraud-lr-test-2.json"),
                ArtifactRef.newestIn(loader, "test-models").map(ArtifactRef::description));
        assertTrue(ArtifactRef.newestIn(loader, "no-such-directory").isEmpty());
    }

    @Test
    void referenceIsAFileWhenOneExistsElseAClasspathName() {
        assertEquals("path:src/test/resources/broken/truncated.json",
                ArtifactRef.pathOrClasspath("src/test/resources/broken/truncated.json", "models").description());
        assertEquals("classpath:models/vigil-fraud-x.json",
                ArtifactRef.pathOrClasspath("vigil-fraud-x.json", "models").description());
        assertEquals("path:/models/not-copied-yet.json",
                ArtifactRef.pathOrClasspath("/models/not-copied-yet.json", "models").description());
    }

    @Test
    void aPathTheFileSystemCannotNameIsAnInvalidArtifactNamingIt() {
        ArtifactRef ref = ArtifactRef.path("models/bad\0name.json");

        InvalidArtifactException e = assertThrows(InvalidArtifactException.class,
                () -> ref.read(getClass().getClassLoader()));
        assertTrue(e.getMessage().startsWith("model artifact path:models/bad"), e.getMessage());
        assertTrue(e.getMessage().contains("is not a valid path"), e.getMessage());
        assertEquals("classpath:models/bad\0name.json",
                ArtifactRef.pathOrClasspath("bad\0name.json", "models").description());
    }
}
