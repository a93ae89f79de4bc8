package io.vigil.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRoundTripTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static final Transaction TX = new Transaction(
            "acme", "tx-1", "w-1", new BigDecimal("12.50"), "EUR", "m-1", "5411", Channel.ECOM, "FR",
            "d-1", "10.0.0.1", Instant.parse("2026-11-23T10:15:30Z"));
    static final Features FEATURES = new Features(12.5, 1, 2, 3, 10, 20, 30, 11, 2.5, 0.6, 2, 1, 1, 3600,
            false, true, false, 40.5, 0, 0, 0.01, 10);
    static final List<Reason> REASONS = List.of(new Reason("NEW_COUNTRY", "first payment from FR", 0.31));

    private <T> void roundTrips(T value, Class<T> type) throws Exception {
        String json = mapper.writeValueAsString(value);
        assertEquals(value, mapper.readValue(json, type), json);
    }

    @Test
    void everyMessageSurvivesJson() throws Exception {
        roundTrips(TX, Transaction.class);
        roundTrips(FEATURES, Features.class);
        roundTrips(new EnrichedTransaction(TX, FEATURES), EnrichedTransaction.class);
        roundTrips(new ScoreResult(0.42, Decision.REVIEW, REASONS, "gbt-1"), ScoreResult.class);
        roundTrips(new DecisionResponse("tx-1", Decision.REVIEW, 0.42, REASONS, "gbt-1", FEATURES, 7, false, "tx-1"),
                DecisionResponse.class);
        roundTrips(new ScoredTransaction(TX, FEATURES, Decision.APPROVE, 0.1, REASONS, "gbt-1", false,
                Instant.parse("2026-11-23T10:15:31Z"), "4bf92f3577b34da6a3ce929d0e0e4736"), ScoredTransaction.class);
        roundTrips(new HistoryCommand("tx-1:history.record", "tx-1", HistoryCommand.Type.LABEL, "acme", "tx-1", "w-1",
                Verdict.FRAUD), HistoryCommand.class);
        roundTrips(new HistoryReply("tx-1:history.record", "tx-1", HistoryCommand.Type.RECORD, false, "unknown transaction"),
                HistoryReply.class);
        roundTrips(new DecisionEvent("acme", "tx-1", "w-1", Decision.DECLINE, Decision.REVIEW, 0.42, REASONS, "gbt-1",
                "analyst-7", Instant.parse("2026-11-23T10:20:00Z")), DecisionEvent.class);
        roundTrips(new CancellationEvent("acme", "tx-1", "w-1", "customer cancelled", Instant.parse("2026-11-23T10:21:00Z")),
                CancellationEvent.class);
        roundTrips(new SagaView("tx-1", "COMPLETED", Decision.APPROVE, Decision.APPROVE,
                List.of(new SagaView.Step("history.record", "SUCCEEDED", 1, Instant.parse("2026-11-23T10:15:31Z"),
                        Instant.parse("2026-11-23T10:15:32Z"), null)),
                Instant.parse("2026-11-23T10:15:31Z"), Instant.parse("2026-11-23T10:15:32Z")), SagaView.class);
        roundTrips(new CaseView("c-1", "tx-1", "w-1", "OPEN", 0.42, REASONS, "gbt-1",
                Instant.parse("2026-11-23T10:15:31Z"), null, null, null, null), CaseView.class);
        roundTrips(new CaseResolution(Verdict.LEGIT, "customer confirmed"), CaseResolution.class);
    }

    @Test
    void transactionUsesIsoTimestampsAndDecimalAmounts() throws Exception {
        String json = mapper.writeValueAsString(TX);
        assertTrue(json.contains("\"occurredAt\":\"2026-11-23T10:15:30Z\""), json);
        assertTrue(json.contains("\"amount\":12.50"), json);
    }

    @Test
    void featureArrayFollowsNames() {
        double[] values = FEATURES.toArray();
        assertEquals(Features.NAMES.size(), values.length);
        assertEquals(FEATURES.asMap().get("amountZScore"), values[Features.NAMES.indexOf("amountZScore")]);
        assertEquals(1.0, FEATURES.asMap().get("newCountry"));
    }

    @Test
    void problemOmitsEmptyMembers() throws Exception {
        String json = mapper.writeValueAsString(Problem.of(404, "Not Found", "no transaction tx-9"));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no transaction tx-9\"}", json);
    }
}
