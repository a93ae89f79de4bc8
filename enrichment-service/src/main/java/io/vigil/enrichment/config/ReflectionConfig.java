package io.vigil.enrichment.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Problem;
import io.vigil.contracts.Reason;
import io.vigil.contracts.ScoreResult;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Transaction;

/** The contracts records live in another module, so Jackson's access to them is registered here for native images. */
@RegisterForReflection(
        targets = {
            Transaction.class,
            EnrichedTransaction.class,
            Features.class,
            ScoreResult.class,
            Reason.class,
            DecisionResponse.class,
            ScoredTransaction.class,
            HistoryCommand.class,
            HistoryReply.class,
            Problem.class,
            Problem.FieldError.class
        })
public final class ReflectionConfig {

    private ReflectionConfig() {}
}
