package io.vigil.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Reason;
import io.vigil.contracts.Transaction;
import io.vigil.features.FeatureCalculator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JSON of the hot records: the incoming transaction and the decision answer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonBenchmark {

    ObjectMapper mapper;
    String transactionJson;
    DecisionResponse response;

    @Setup
    public void setUp() throws JsonProcessingException {
        mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Transaction tx = Samples.transaction();
        transactionJson = mapper.writeValueAsString(tx);
        response = new DecisionResponse(tx.transactionId(), Decision.REVIEW, 0.62,
                List.of(new Reason("NEW_DEVICE", "first payment from this device", 0.8),
                        new Reason("AMOUNT", "amount 129.90 EUR is 2.1 sd above the 30-day mean", 0.4)),
                "lr-bench", FeatureCalculator.compute(tx, tx.amount().doubleValue(), Samples.history(50)), 4, false,
                tx.transactionId());
    }

    @Benchmark
    public Transaction readTransaction() throws JsonProcessingException {
        return mapper.readValue(transactionJson, Transaction.class);
    }

    @Benchmark
    public String writeDecision() throws JsonProcessingException {
        return mapper.writeValueAsString(response);
    }
}
