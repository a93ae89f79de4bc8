package io.vigil.loadtest.endpoint;

import io.vigil.contracts.Headers;
import io.vigil.loadtest.data.TrafficMix;
import io.vigil.loadtest.data.TxSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Posts generated transactions, with the public API's headers, to an endpoint: the platform's
 * {@code POST /v1/transactions}, or the bare hop chain {@code POST /bench/hop} that measures the ceiling of the
 * same HTTP and Kafka hops without business logic.
 */
public final class TransactionTarget implements Target {

    public static final String PLATFORM_PATH = "/v1/transactions";
    public static final String HOPS_PATH = "/bench/hop";

    private final String name;
    private final URI endpoint;
    private final boolean tracksSagas;
    private final TrafficMix mix;
    private final ClientTokens tokens;
    private final String idPrefix;
    private final Duration timeout;

    /**
     * @param idPrefix makes transaction ids and idempotency keys unique to this run and step
     */
    public TransactionTarget(String name, URI endpoint, boolean tracksSagas, TrafficMix mix, ClientTokens tokens,
            String idPrefix, Duration timeout) {
        this.name = name;
        this.endpoint = endpoint;
        this.tracksSagas = tracksSagas;
        this.mix = mix;
        this.tokens = tokens;
        this.idPrefix = idPrefix;
        this.timeout = timeout;
    }

    public static TransactionTarget platform(URI gateway, TrafficMix mix, ClientTokens tokens, String idPrefix,
            Duration timeout) {
        return new TransactionTarget("platform", gateway.resolve(PLATFORM_PATH), true, mix, tokens, idPrefix, timeout);
    }

    public static TransactionTarget hops(URI gateway, TrafficMix mix, ClientTokens tokens, String idPrefix,
            Duration timeout) {
        return new TransactionTarget("hops", gateway.resolve(HOPS_PATH), false, mix, tokens, idPrefix, timeout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean tracksSagas() {
        return tracksSagas;
    }

    @Override
    public Outgoing request(long sequence) {
        String transactionId = idPrefix + sequence;
        TxSpec spec = mix.next();
        String body = json(transactionId, spec, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Map<String, String> headers = Map.of(
                "Authorization", tokens.authorization(sequence),
                "Content-Type", "application/json",
                Headers.IDEMPOTENCY_KEY, transactionId);
        return new Outgoing(endpoint, headers, body, timeout, transactionId);
    }

    /** The public request body; every value is generated from a safe alphabet, so nothing needs escaping. */
    static String json(String transactionId, TxSpec spec, Instant occurredAt) {
        return "{\"transactionId\":\"" + transactionId
                + "\",\"walletId\":\"" + spec.walletId()
                + "\",\"amount\":\"" + spec.amount().toPlainString()
                + "\",\"currency\":\"EUR\",\"merchantId\":\"" + spec.merchantId()
                + "\",\"merchantCategory\":\"" + spec.merchantCategory()
                + "\",\"channel\":\"" + spec.channel().name()
                + "\",\"country\":\"" + spec.country()
                + "\",\"deviceId\":\"" + spec.deviceId()
                + "\",\"ipAddress\":\"" + spec.ipAddress()
                + "\",\"occurredAt\":\"" + occurredAt + "\"}";
    }
}
