package io.vigil.ml.rest;

import io.vigil.ml.model.ModelsView;
import io.vigil.ml.service.ModelRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1/models")
public class ModelResource {

    private final ModelRegistry registry;

    public ModelResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Models this instance serves: the champion and the shadow challenger, if any")
    public ModelsView models() {
        return registry.describe();
    }
}
