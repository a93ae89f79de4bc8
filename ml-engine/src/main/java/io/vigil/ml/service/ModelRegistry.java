package io.vigil.ml.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vigil.ml.config.ModelConfig;
import io.vigil.ml.model.LoadedModel;
import io.vigil.ml.model.ModelDescription;
import io.vigil.ml.model.ModelsView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The models this instance serves, loaded once at start-up. A new model version is rolled out as a new
 * deployment (image or {@code vigil.model.path}), so a canary compares versions side by side.
 */
@Startup
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final LoadedModel champion;
    private final Optional<LoadedModel> challenger;

    public ModelRegistry(ModelConfig config, MeterRegistry meters) {
        ModelLoader loader = new ModelLoader(config, Thread.currentThread().getContextClassLoader());
        this.champion = loader.champion();
        this.challenger = loader.challenger();
        report(champion, meters);
        challenger.ifPresent(c -> report(c, meters));
    }

    private static void report(LoadedModel model, MeterRegistry meters) {
        if (model.isReady()) {
            LOG.infof("%s model %s loaded from %s, thresholds review %s decline %s", model.role().label(),
                    model.scorer().version(), model.source(), model.thresholds().review(), model.thresholds().decline());
            Gauge.builder("vigil.ml.model.info", () -> 1)
                    .description("1 for each model this instance serves, tagged with its role and version")
                    .tag("role", model.role().label())
                    .tag("version", model.scorer().version())
                    .register(meters);
        } else {
            LOG.errorf("%s model not served: %s", model.role().label(), model.error());
        }
    }

    public LoadedModel champion() {
        return champion;
    }

    public Optional<LoadedModel> challenger() {
        return challenger;
    }

    public ModelsView describe() {
        return new ModelsView(ModelDescription.of(champion), challenger.map(ModelDescription::of).orElse(null));
    }
}
