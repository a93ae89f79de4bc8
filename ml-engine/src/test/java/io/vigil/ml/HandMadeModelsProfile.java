package io.vigil.ml;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Champion lr-test-2 and challenger lr-test-1, the hand-made artifacts under test-models/. */
public class HandMadeModelsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "vigil.model.directory", "test-models",
                "vigil.model.champion", Fixtures.CHAMPION,
                "vigil.model.challenger", Fixtures.CHALLENGER);
    }
}
