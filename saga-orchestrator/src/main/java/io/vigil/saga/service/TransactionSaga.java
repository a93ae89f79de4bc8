package io.vigil.saga.service;

import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionEvent;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Verdict;
import io.vigil.saga.engine.Effect;
import io.vigil.saga.engine.RetryPolicy;
import io.vigil.saga.engine.SagaDefinition;
import io.vigil.saga.engine.SagaEngine;
import io.vigil.saga.engine.SendMessage;
import io.vigil.saga.engine.StepContext;
import io.vigil.saga.engine.StepResult;
import io.vigil.saga.model.CaseVerdict;
import io.vigil.saga.model.LocalEffect;
import io.vigil.saga.model.TransactionSagaData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The saga that makes one scored transaction's decision durable: record it in the wallet history,
 * audit it, let an analyst decide a REVIEW, publish the final decision. Plain Java so the unit tests
 * run it on the engine without a broker or a database.
 */
public final class TransactionSaga {

    public static final String TYPE = "transaction";
    public static final String HISTORY_RECORD = "history.record";
    public static final String HISTORY_VOID = "history.void";
    public static final String HISTORY_LABEL = "history.label";
    public static final String DECISION_PERSIST = "decision.persist";
    public static final String DECISION_RETRACT = "decision.retract";
    public static final String CASE_OPEN = "case.open";
    public static final String CASE_CANCEL = "case.cancel";
    public static final String DECISION_PUBLISH = "decision.publish";
    /** Carries the scoring time on the published decision, for the scored-to-published latency. */
    public static final String SCORED_AT_HEADER = "vigil-scored-at";
    /** Marks a published decision that went through an analyst case, for the latency metric's path. */
    public static final String REVIEWED_HEADER = "vigil-reviewed";
    /** Who decided a REVIEW that no analyst resolved in time. */
    public static final String TIMEOUT_POLICY = "policy:review-timeout";

    /** Tunables: participant retries, how long a REVIEW may wait, and what the policy decides then. */
    public record Policy(RetryPolicy participantRetry, Duration reviewTimeout, Decision timeoutDecision) {}

    private final Policy policy;

    public TransactionSaga(Policy policy) {
        this.policy = policy;
    }

    public SagaDefinition<TransactionSagaData> definition() {
        return SagaDefinition.<TransactionSagaData>saga(TYPE)
                .retry(policy.participantRetry())
                .step(HISTORY_RECORD)
                    .invokeParticipant((data, ctx) -> historyCommand(data, ctx, HistoryCommand.Type.RECORD, null))
                    .onReply((data, reply, ctx) -> reply.success()
                            ? StepResult.success(data)
                            : StepResult.failure("history participant refused: " + reply.detail()))
                    .withCompensation(HISTORY_VOID,
                            (data, ctx) -> historyCommand(data, ctx, HistoryCommand.Type.VOID, null))
                .step(DECISION_PERSIST)
                    .invokeLocal(this::persistDecision)
                    .withLocalCompensation(DECISION_RETRACT,
                            (data, ctx) -> List.of(
                                    new LocalEffect.RetractAudit(data.tenant(), data.transactionId(), ctx.now())))
                .step(CASE_OPEN)
                    .when(TransactionSagaData::needsReview)
                    .invokeLocal(this::openCase)
                    .parkUntil(CaseVerdict.class, policy.reviewTimeout(), this::resolveCase, this::expireCase)
                    .withLocalCompensation(CASE_CANCEL,
                            (data, ctx) -> List.of(
                                    new LocalEffect.CancelCase(data.tenant(), data.transactionId(), ctx.now())))
                .step(DECISION_PUBLISH)
                    .invokeLocal(this::publishDecision)
                .build();
    }

    private StepResult<TransactionSagaData> persistDecision(TransactionSagaData data, StepContext ctx) {
        ScoredTransaction s = data.scored();
        return StepResult.success(data, new LocalEffect.RecordAudit(
                data.transactionId(),
                data.tenant(),
                data.walletId(),
                s.decision(),
                s.score(),
                s.reasons(),
                s.modelVersion(),
                s.features(),
                s.degraded(),
                s.traceId(),
                s.scoredAt(),
                ctx.now()));
    }

    private StepResult<TransactionSagaData> openCase(TransactionSagaData data, StepContext ctx) {
        ScoredTransaction s = data.scored();
        return StepResult.success(data, new LocalEffect.OpenCase(
                data.transactionId(),
                data.tenant(),
                data.walletId(),
                s.score(),
                s.reasons(),
                s.modelVersion(),
                ctx.now(),
                ctx.now().plus(policy.reviewTimeout())));
    }

    /** The analyst's verdict decides, and becomes a label in the wallet history for the features. */
    private StepResult<TransactionSagaData> resolveCase(TransactionSagaData data, CaseVerdict v, StepContext ctx) {
        Decision decision = v.verdict() == Verdict.FRAUD ? Decision.DECLINE : Decision.APPROVE;
        StepContext labelCtx = new StepContext(
                ctx.sagaId(), HISTORY_LABEL, SagaEngine.commandId(ctx.sagaId(), HISTORY_LABEL), ctx.now());
        Effect resolve = new LocalEffect.ResolveCase(
                data.tenant(), data.transactionId(), v.verdict(), v.note(), v.analyst(), ctx.now());
        Effect label = historyCommand(data, labelCtx, HistoryCommand.Type.LABEL, v.verdict());
        return StepResult.success(data.resolved(v.verdict(), v.analyst(), decision), resolve, label);
    }

    private StepResult<TransactionSagaData> expireCase(TransactionSagaData data, StepContext ctx) {
        return StepResult.success(
                data.resolved(null, TIMEOUT_POLICY, policy.timeoutDecision()),
                new LocalEffect.ExpireCase(data.tenant(), data.transactionId(), ctx.now()));
    }

    private StepResult<TransactionSagaData> publishDecision(TransactionSagaData data, StepContext ctx) {
        ScoredTransaction s = data.scored();
        Decision decision = data.finalDecision() != null ? data.finalDecision() : s.decision();
        DecisionEvent event = new DecisionEvent(
                data.tenant(),
                data.transactionId(),
                data.walletId(),
                decision,
                s.decision(),
                s.score(),
                s.reasons(),
                s.modelVersion(),
                data.resolvedBy(),
                ctx.now());
        Map<String, String> headers = new HashMap<>();
        if (s.scoredAt() != null) {
            headers.put(SCORED_AT_HEADER, s.scoredAt().toString());
        }
        if (data.needsReview()) {
            headers.put(REVIEWED_HEADER, "true");
        }
        String messageId = SagaEngine.commandId(ctx.sagaId(), DECISION_PUBLISH);
        return StepResult.success(data, new SendMessage(messageId, Topics.DECISIONS, data.walletId(), event, headers));
    }

    private static SendMessage historyCommand(
            TransactionSagaData data, StepContext ctx, HistoryCommand.Type type, Verdict label) {
        HistoryCommand command = new HistoryCommand(
                ctx.commandId(), ctx.sagaId(), type, data.tenant(), data.transactionId(), data.walletId(), label);
        return new SendMessage(ctx.commandId(), Topics.HISTORY_COMMANDS, data.walletId(), command);
    }
}
