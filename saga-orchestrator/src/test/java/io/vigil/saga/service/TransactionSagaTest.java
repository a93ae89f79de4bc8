package io.vigil.saga.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionEvent;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Verdict;
import io.vigil.saga.engine.RetryPolicy;
import io.vigil.saga.engine.SagaState;
import io.vigil.saga.engine.StepRecord;
import io.vigil.saga.engine.StepStatus;
import io.vigil.saga.model.CaseVerdict;
import io.vigil.saga.model.LocalEffect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every path of the transaction saga on the engine, with an in-memory store and a recording sink. */
class TransactionSagaTest {

    private static final String TX = "tx-1";
    private static final String WALLET = "w-1";
    private static final TransactionSaga.Policy POLICY = new TransactionSaga.Policy(
            new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1), 2.0, 0.2),
            Duration.ofHours(24),
            Decision.DECLINE);

    private final InMemorySagaHarness saga = new InMemorySagaHarness(POLICY);

    private void scored(Decision decision) {
        saga.scored("scored@1", Fixtures.scored("acme", TX, WALLET, decision));
    }

    private void recorded() {
        saga.reply("replies@1", TX, TX + ":history.record", true);
    }

    private List<HistoryCommand> commands() {
        return saga.sentTo(Topics.HISTORY_COMMANDS).stream().map(m -> (HistoryCommand) m.payload()).toList();
    }

    private List<DecisionEvent> decisions() {
        return saga.sentTo(Topics.DECISIONS).stream().map(m -> (DecisionEvent) m.payload()).toList();
    }

    private List<String> steps() {
        return saga.saga(TX).log().stream().map(r -> r.name() + ":" + r.status()).toList();
    }

    @Test
    void approveRecordsHistoryAuditsAndPublishesApprove() {
        scored(Decision.APPROVE);
        HistoryCommand record = commands().get(0);
        assertEquals(HistoryCommand.Type.RECORD, record.type());
        assertEquals(TX + ":history.record", record.commandId());
        assertEquals(WALLET, saga.sentTo(Topics.HISTORY_COMMANDS).get(0).key());
        assertTrue(decisions().isEmpty(), "nothing published before history confirms");

        recorded();
        assertEquals(SagaState.COMPLETED, saga.saga(TX).state());
        assertEquals(List.of("history.record:DONE", "decision.persist:DONE", "case.open:SKIPPED",
                "decision.publish:DONE"), steps());
        LocalEffect.RecordAudit audit = saga.local(LocalEffect.RecordAudit.class).get(0);
        assertEquals("gbt-2026.03", audit.modelVersion());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", audit.traceId());
        DecisionEvent event = decisions().get(0);
        assertEquals(Decision.APPROVE, event.decision());
        assertEquals(Decision.APPROVE, event.scoredDecision());
        assertNull(event.resolvedBy());
        assertEquals(WALLET, saga.sentTo(Topics.DECISIONS).get(0).key());
        assertTrue(saga.local(LocalEffect.OpenCase.class).isEmpty());
    }

    @Test
    void declinePublishesDecline() {
        scored(Decision.DECLINE);
        recorded();
        assertEquals(Decision.DECLINE, decisions().get(0).decision());
        assertEquals(SagaState.COMPLETED, saga.saga(TX).state());
    }

    @Test
    void reviewParksUntilAnAnalystSaysLegitThenApprovesAndLabels() {
        scored(Decision.REVIEW);
        recorded();
        assertEquals(SagaState.PARKED, saga.saga(TX).state());
        assertEquals(TX, saga.local(LocalEffect.OpenCase.class).get(0).caseId());
        assertTrue(decisions().isEmpty());

        assertTrue(saga.resolve(TX, new CaseVerdict(Verdict.LEGIT, "known customer", "alice")));
        assertEquals(Verdict.LEGIT, saga.local(LocalEffect.ResolveCase.class).get(0).verdict());
        HistoryCommand label = commands().get(1);
        assertEquals(HistoryCommand.Type.LABEL, label.type());
        assertEquals(Verdict.LEGIT, label.label());
        DecisionEvent event = decisions().get(0);
        assertEquals(Decision.APPROVE, event.decision());
        assertEquals(Decision.REVIEW, event.scoredDecision());
        assertEquals("alice", event.resolvedBy());
        assertEquals(SagaState.COMPLETED, saga.saga(TX).state());
    }

    @Test
    void reviewResolvedFraudDeclinesAndLabelsFraud() {
        scored(Decision.REVIEW);
        recorded();
        saga.resolve(TX, new CaseVerdict(Verdict.FRAUD, null, "bob"));
        assertEquals(Verdict.FRAUD, commands().get(1).label());
        assertEquals(TX + ":history.label", commands().get(1).commandId());
        assertEquals(Decision.DECLINE, decisions().get(0).decision());
    }

    @Test
    void reviewNobodyResolvesTimesOutToThePolicyDecision() {
        scored(Decision.REVIEW);
        recorded();
        saga.advance(Duration.ofHours(23));
        saga.sweep();
        assertEquals(SagaState.PARKED, saga.saga(TX).state());

        saga.advance(Duration.ofHours(1));
        saga.sweep();
        assertEquals(1, saga.local(LocalEffect.ExpireCase.class).size());
        DecisionEvent event = decisions().get(0);
        assertEquals(Decision.DECLINE, event.decision());
        assertEquals(TransactionSaga.TIMEOUT_POLICY, event.resolvedBy());
        assertEquals(1, commands().size(), "no label without a verdict");
        assertFalse(saga.resolve(TX, new CaseVerdict(Verdict.LEGIT, null, "late")), "a late verdict changes nothing");
    }

    @Test
    void historyRefusalVoidsTheHistoryEntryAndPublishesNothing() {
        scored(Decision.APPROVE);
        saga.reply("replies@1", TX, TX + ":history.record", false);
        assertEquals(SagaState.COMPENSATING, saga.saga(TX).state());
        assertEquals(HistoryCommand.Type.VOID, commands().get(1).type());
        assertEquals(TX + ":history.void", commands().get(1).commandId());

        saga.reply("replies@2", TX, TX + ":history.void", true);
        assertEquals(SagaState.COMPENSATED, saga.saga(TX).state());
        assertTrue(saga.local(LocalEffect.RecordAudit.class).isEmpty());
        assertTrue(decisions().isEmpty());
    }

    @Test
    void silentParticipantIsRetriedWithTheSameCommandIdThenCompensated() {
        scored(Decision.APPROVE);
        for (int i = 0; i < 3; i++) {
            saga.advance(Duration.ofMinutes(2));
            saga.sweep();
        }
        List<HistoryCommand> sent = commands();
        assertEquals(List.of(HistoryCommand.Type.RECORD, HistoryCommand.Type.RECORD, HistoryCommand.Type.RECORD,
                HistoryCommand.Type.VOID), sent.stream().map(HistoryCommand::type).toList());
        assertEquals(1, sent.stream().filter(c -> c.type() == HistoryCommand.Type.RECORD)
                .map(HistoryCommand::commandId).distinct().count());
        StepRecord record = saga.saga(TX).log().get(0);
        assertEquals(StepStatus.FAILED, record.status());
        assertEquals(3, record.attempts());
    }

    @Test
    void refusedVoidIsRetriedUntilTheParticipantConfirms() {
        scored(Decision.APPROVE);
        saga.reply("replies@1", TX, TX + ":history.record", false);
        saga.reply("replies@2", TX, TX + ":history.void", false);
        saga.advance(Duration.ofMinutes(2));
        saga.sweep();
        saga.reply("replies@3", TX, TX + ":history.void", false);
        saga.advance(Duration.ofMinutes(2));
        saga.sweep();
        saga.reply("replies@4", TX, TX + ":history.void", true);
        assertEquals(3, commands().stream().filter(c -> c.type() == HistoryCommand.Type.VOID).count());
        assertEquals(SagaState.COMPENSATED, saga.saga(TX).state());
    }

    @Test
    void cancellationWhileParkedCancelsTheCaseRetractsTheAuditAndVoidsHistoryInThatOrder() {
        scored(Decision.REVIEW);
        recorded();
        int before = saga.local.size();
        saga.cancel("cancel@1", TX);
        List<String> order = saga.local.subList(before, saga.local.size()).stream()
                .map(e -> e.getClass().getSimpleName())
                .toList();
        assertEquals(List.of("CancelCase", "RetractAudit"), order);
        assertEquals(HistoryCommand.Type.VOID, commands().get(commands().size() - 1).type());
        saga.reply("replies@2", TX, TX + ":history.void", true);
        assertEquals(SagaState.CANCELLED, saga.saga(TX).state());
        assertTrue(decisions().isEmpty());
    }

    @Test
    void cancellationBeforeTheHistoryReplyVoidsAndIgnoresTheLateReply() {
        scored(Decision.APPROVE);
        saga.cancel("cancel@1", TX);
        recorded();
        assertTrue(saga.local(LocalEffect.RecordAudit.class).isEmpty(), "the late reply moves nothing forward");
        saga.reply("replies@2", TX, TX + ":history.void", true);
        assertEquals(SagaState.CANCELLED, saga.saga(TX).state());
        assertTrue(decisions().isEmpty());
    }

    @Test
    void cancellationOvertakingTheScoredEventStillVoidsTheHistoryEntryScoringWroteAndPublishesNothing() {
        saga.cancel("cancel@1", TX);
        scored(Decision.APPROVE);

        assertEquals(List.of(HistoryCommand.Type.RECORD, HistoryCommand.Type.VOID),
                commands().stream().map(HistoryCommand::type).toList());
        assertEquals(SagaState.COMPENSATING, saga.saga(TX).state());
        recorded();
        saga.reply("replies@2", TX, TX + ":history.void", true);
        assertEquals(SagaState.CANCELLED, saga.saga(TX).state());
        assertEquals("cancelled before start: payment cancelled", saga.saga(TX).cause());
        assertEquals(List.of("history.record:ABANDONED", "history.void:DONE"), steps());
        assertTrue(saga.local(LocalEffect.RecordAudit.class).isEmpty());
        assertTrue(decisions().isEmpty());

        saga.scored("scored@2", Fixtures.scored("acme", TX, WALLET, Decision.APPROVE));
        assertEquals(2, commands().size(), "a scored event delivered again starts nothing");
    }

    @Test
    void cancellationAfterPublishRetractsAndVoidsButPublishesNothingNew() {
        scored(Decision.REVIEW);
        recorded();
        saga.resolve(TX, new CaseVerdict(Verdict.FRAUD, null, "carol"));
        assertEquals(1, decisions().size());

        saga.cancel("cancel@1", TX);
        saga.reply("replies@2", TX, TX + ":history.void", true);
        assertEquals(SagaState.CANCELLED, saga.saga(TX).state());
        assertEquals(1, saga.local(LocalEffect.CancelCase.class).size());
        assertEquals(1, saga.local(LocalEffect.RetractAudit.class).size());
        assertEquals(1, decisions().size(), "no second decision event");
    }

    @Test
    void everyMessageDeliveredTwiceHasNoRepeatedEffect() {
        var event = Fixtures.scored("acme", TX, WALLET, Decision.REVIEW);
        saga.scored("scored@1", event);
        saga.scored("scored@1", event);
        saga.scored("scored@9", event);
        recorded();
        recorded();
        saga.reply("replies@7", TX, TX + ":history.record", true);
        assertTrue(saga.resolve(TX, new CaseVerdict(Verdict.LEGIT, null, "dave")));
        assertFalse(saga.resolve(TX, new CaseVerdict(Verdict.FRAUD, null, "eve")));
        saga.reply("replies@8", TX, TX + ":history.label", true);
        saga.cancel("cancel@1", TX);
        saga.cancel("cancel@1", TX);
        saga.cancel("cancel@2", TX);
        saga.reply("replies@9", TX, TX + ":history.void", true);
        saga.reply("replies@9", TX, TX + ":history.void", true);

        assertEquals(List.of(HistoryCommand.Type.RECORD, HistoryCommand.Type.LABEL, HistoryCommand.Type.VOID),
                commands().stream().map(HistoryCommand::type).toList());
        assertEquals(1, saga.local(LocalEffect.RecordAudit.class).size());
        assertEquals(1, saga.local(LocalEffect.OpenCase.class).size());
        assertEquals(1, saga.local(LocalEffect.ResolveCase.class).size());
        assertEquals(1, saga.local(LocalEffect.RetractAudit.class).size());
        assertEquals(1, saga.local(LocalEffect.CancelCase.class).size());
        assertEquals(1, decisions().size());
        assertEquals(SagaState.CANCELLED, saga.saga(TX).state());
    }
}
