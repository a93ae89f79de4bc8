package io.vigil.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.ScoreResult;
import io.vigil.contracts.Transaction;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.ReferenceCurrency;
import io.vigil.features.Thresholds;
import io.vigil.features.WalletHistory;
import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.service.TransactionRequestParser;
import io.vigil.ml.model.ArtifactReader;
import io.vigil.ml.model.ArtifactRef;
import io.vigil.ml.model.LogisticModel;
import io.vigil.ml.model.ModelArtifact;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The in-process cost of the pipeline without network: the CPU work of one {@code POST /v1/transactions} in one
 * thread, each step with the services' own code. Gateway: verify the RS256 token, parse and validate the body
 * into the contracts {@link Transaction} ({@link TransactionRequestParser}); enrichment-service: features from
 * the wallet's history ({@link FeatureCalculator}, the history in memory instead of PostgreSQL, see
 * {@link FeatureQueryBenchmark}); ml-engine: score with the trained artifact it bundles ({@link LogisticModel},
 * loaded and verified by {@link ArtifactReader} as ml-engine loads it); then the {@link DecisionResponse} JSON.
 * Left out: HTTP and Kafka I/O, the JSON of the hops between services, the idempotency fingerprint and the
 * database writes.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {

    /** What every request shares: keys, parser, model, mapper, and one client's body. */
    @State(Scope.Benchmark)
    public static class Services {

        SignedToken token;
        TransactionRequestParser parser;
        byte[] body;
        LogisticModel model;
        ObjectMapper mapper;
        ReferenceCurrency currency;
        EnrichedTransaction scored;

        @Setup
        public void setUp() throws Exception {
            token = SignedToken.create();
            mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            parser = gatewayParser(mapper);
            body = Samples.requestBody().getBytes(StandardCharsets.UTF_8);
            model = bundledModel();
            currency = ReferenceCurrency.only(ReferenceCurrency.MODEL_CURRENCY);
            Transaction tx = Samples.transaction();
            scored = new EnrichedTransaction(tx,
                    FeatureCalculator.compute(tx, tx.amount().doubleValue(), Samples.history(50)));
        }

        /**
         * The gateway's parser with the gateway's configuration defaults (the future-skew limit it checks); its
         * constructor is package-private because CDI is what calls it there.
         */
        private static TransactionRequestParser gatewayParser(ObjectMapper mapper) throws ReflectiveOperationException {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                    .withConverter(Duration.class, 200, Services::quarkusDuration).build();
            Constructor<TransactionRequestParser> constructor = TransactionRequestParser.class
                    .getDeclaredConstructor(ObjectMapper.class, GatewayConfig.class, Clock.class);
            constructor.setAccessible(true);
            // the sample payment happened a minute ago
            Clock clock = Clock.fixed(Samples.T.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
            return constructor.newInstance(mapper, config.getConfigMapping(GatewayConfig.class), clock);
        }

        /** Quarkus's duration shorthand of the defaults (5m, 100ms); plain SmallRye Config reads ISO-8601 only. */
        private static Duration quarkusDuration(String value) {
            String v = value.trim();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(v.startsWith("P") ? v : "PT" + v);
        }

        /** ml-engine's default champion: the newest artifact under models/, thresholds of the artifact, 3 reasons. */
        private static LogisticModel bundledModel() throws Exception {
            ClassLoader loader = PipelineBenchmark.class.getClassLoader();
            ArtifactRef ref = ArtifactRef.newestIn(loader, "models")
                    .orElseThrow(() -> new IllegalStateException("no model artifact under models/ on the classpath"));
            ModelArtifact artifact = ArtifactReader.read(ref.read(loader), ref.description());
            return new LogisticModel(artifact,
                    new Thresholds(artifact.thresholds().review(), artifact.thresholds().decline()), 3);
        }
    }

    /** The wallet's 30-day history, as the snapshot query would return it. */
    @State(Scope.Benchmark)
    public static class Wallet {

        @Param({"20", "200"})
        int historySize;

        WalletHistory history;

        @Setup
        public void setUp() {
            history = Samples.history(historySize);
        }
    }

    /** The whole request: token, body, features, score, answer. */
    @Benchmark
    public String request(Services s, Wallet w) throws ParseException, JsonProcessingException {
        JsonWebToken caller = s.token.verify();
        Transaction tx = s.parser.parse(s.body).toTransaction(caller.getClaim("tenant"));
        Features features =
                FeatureCalculator.compute(tx, s.currency.convert(tx.amount(), tx.currency()).doubleValue(), w.history);
        ScoreResult score = s.model.score(new EnrichedTransaction(tx, features));
        return s.mapper.writeValueAsString(new DecisionResponse(tx.transactionId(), score.decision(), score.score(),
                score.reasons(), score.modelVersion(), features, 0, false, tx.transactionId()));
    }

    /** The gateway's body parsing and validation alone. */
    @Benchmark
    public Transaction parseRequest(Services s) {
        return s.parser.parse(s.body).toTransaction("acme");
    }

    /** ml-engine's scoring alone: the trained model with its reasons (and the rules' when not approved). */
    @Benchmark
    public ScoreResult scoreWithTrainedModel(Services s) {
        return s.model.score(s.scored);
    }
}
