package io.vigil.ml.service;

import io.vigil.features.Thresholds;
import io.vigil.ml.config.ModelConfig;
import io.vigil.ml.model.ArtifactReader;
import io.vigil.ml.model.ArtifactRef;
import io.vigil.ml.model.InvalidArtifactException;
import io.vigil.ml.model.LoadedModel;
import io.vigil.ml.model.LoadedModel.Role;
import io.vigil.ml.model.LogisticModel;
import io.vigil.ml.model.ModelArtifact;
import io.vigil.ml.model.ModelDescription;
import io.vigil.ml.model.RulesScorer;
import java.io.IOException;
import java.util.Optional;

/** Turns configuration into loaded model slots; never throws, a failure becomes a slot with its error. */
final class ModelLoader {

    private final ModelConfig config;
    private final ClassLoader classLoader;

    ModelLoader(ModelConfig config, ClassLoader classLoader) {
        this.config = config;
        this.classLoader = classLoader;
    }

    LoadedModel champion() {
        ModelConfig.Model model = config.model();
        Optional<ArtifactRef> ref;
        if (model.path().isPresent()) {
            ref = model.path().map(ArtifactRef::path);
        } else if (model.champion().isPresent()) {
            ref = model.champion().map(name -> ArtifactRef.classpath(model.directory(), name));
        } else {
            try {
                ref = ArtifactRef.newestIn(classLoader, model.directory());
            } catch (IOException e) {
                return LoadedModel.failed(Role.CHAMPION, "classpath:" + model.directory(),
                        "cannot list model artifacts in classpath:" + model.directory() + ": " + e.getMessage());
            }
        }
        return ref.isPresent() ? load(Role.CHAMPION, ref.get()) : rules();
    }

    Optional<LoadedModel> challenger() {
        return config.model().challenger()
                .map(reference -> load(Role.CHALLENGER, ArtifactRef.pathOrClasspath(reference, config.model().directory())));
    }

    private LoadedModel rules() {
        try {
            Thresholds thresholds = thresholds(Thresholds.DEFAULT.review(), Thresholds.DEFAULT.decline());
            return LoadedModel.ready(Role.CHAMPION, ModelDescription.RULES_SOURCE, null, new RulesScorer(thresholds),
                    thresholds);
        } catch (IllegalArgumentException e) {
            return LoadedModel.failed(Role.CHAMPION, ModelDescription.RULES_SOURCE, thresholdError(e));
        }
    }

    private LoadedModel load(Role role, ArtifactRef ref) {
        ModelArtifact artifact;
        try {
            artifact = ArtifactReader.read(ref.read(classLoader), ref.description());
        } catch (InvalidArtifactException e) {
            return LoadedModel.failed(role, ref.description(), e.getMessage());
        }
        Thresholds thresholds;
        try {
            thresholds = thresholds(artifact.thresholds().review(), artifact.thresholds().decline());
        } catch (IllegalArgumentException e) {
            return LoadedModel.failed(role, ref.description(), thresholdError(e));
        }
        LogisticModel model = new LogisticModel(artifact, thresholds, config.scoring().maxFeatureReasons());
        return LoadedModel.ready(role, ref.description(), artifact, model, thresholds);
    }

    private Thresholds thresholds(double review, double decline) {
        return new Thresholds(config.scoring().reviewThreshold().orElse(review),
                config.scoring().declineThreshold().orElse(decline));
    }

    private static String thresholdError(IllegalArgumentException e) {
        return "vigil.scoring thresholds combined with the model's: " + e.getMessage();
    }
}
