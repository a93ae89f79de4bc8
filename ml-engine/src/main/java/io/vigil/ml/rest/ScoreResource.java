package io.vigil.ml.rest;

import io.smallrye.common.annotation.NonBlocking;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Problem;
import io.vigil.contracts.ScoreResult;
import io.vigil.ml.service.ScoringService;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Scoring is a few microseconds of CPU on a model loaded at start-up: it runs on the event loop, no worker hand-off. */
@Path("/v1/score")
@NonBlocking
public class ScoreResource {

    private final ScoringService scoring;

    public ScoreResource(ScoringService scoring) {
        this.scoring = scoring;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Score one enriched transaction with the champion model")
    @APIResponse(responseCode = "200", description = "Score, decision, reasons and the model version")
    @APIResponse(responseCode = "400", description = "Invalid body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Features that drive the model to a non-finite score",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The configured model could not be loaded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ScoreResult score(@NotNull(message = "a body is required") @Scorable EnrichedTransaction transaction) {
        return scoring.score(transaction);
    }
}
