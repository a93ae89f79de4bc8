package io.vigil.ml.health;

import io.vigil.ml.model.LoadedModel;
import io.vigil.ml.service.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the champion can score; a failed challenger is reported but does not block traffic. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final ModelRegistry registry;

    public ModelReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        LoadedModel champion = registry.champion();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model").withData("source", champion.source());
        if (champion.isReady()) {
            response.up().withData("version", champion.scorer().version());
        } else {
            response.down().withData("error", champion.error());
        }
        registry.challenger().ifPresent(c -> {
            if (c.isReady()) {
                response.withData("challenger", c.scorer().version());
            } else {
                response.withData("challengerError", c.error());
            }
        });
        return response.build();
    }
}
