package io.vigil.gateway.service;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.scheduler.Scheduled;
import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.model.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets per client (tenant + subject) and tier, local to this gateway instance.
 *
 * <p>Consumption happens inside {@link ConcurrentHashMap#compute}, so it is atomic with bucket
 * creation and eviction: a burst of concurrent requests can never spend more than the bucket holds.
 * Memory stays bounded without an LRU cache because a bucket that has refilled to capacity carries
 * no state a fresh bucket would not: the eviction job drops exactly those, which keeps only clients
 * active within one refill period (capacity / refill rate) in the map.
 */
@ApplicationScoped
public class RateLimiter {

    /** Outcome of one request against its client's bucket; times are whole seconds, rounded up. */
    public record Verdict(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

    private record Limited(Bucket bucket, long capacity) {}

    private final Map<String, Limited> buckets = new ConcurrentHashMap<>();
    private final GatewayConfig.RateLimit config;

    RateLimiter(GatewayConfig config) {
        this.config = config.rateLimit();
        if (!this.config.tiers().containsKey(this.config.defaultTier())) {
            throw new IllegalStateException("vigil.rate-limit.default-tier '" + this.config.defaultTier()
                    + "' is not among vigil.rate-limit.tiers " + this.config.tiers().keySet());
        }
        this.config.tiers().forEach((name, tier) -> {
            if (tier.capacity() < 1 || tier.refillPerSecond() < 1) {
                throw new IllegalStateException("vigil.rate-limit.tiers." + name + " needs capacity and refill-per-second >= 1");
            }
        });
    }

    public Verdict tryAcquire(Caller caller) {
        String tierName = config.tiers().containsKey(caller.tier()) ? caller.tier() : config.defaultTier();
        GatewayConfig.Tier tier = config.tiers().get(tierName);
        ConsumptionProbe[] probe = new ConsumptionProbe[1];
        buckets.compute(caller.clientKey() + '\u0000' + tierName, (key, existing) -> {
            Limited limited = existing != null ? existing : newBucket(tier);
            probe[0] = limited.bucket().tryConsumeAndReturnRemaining(1);
            return limited;
        });
        ConsumptionProbe p = probe[0];
        return new Verdict(p.isConsumed(), tier.capacity(), p.getRemainingTokens(),
                seconds(p.getNanosToWaitForReset()), Math.max(1, seconds(p.getNanosToWaitForRefill())));
    }

    /** Number of clients currently tracked. */
    public int trackedClients() {
        return buckets.size();
    }

    @Scheduled(every = "${vigil.rate-limit.eviction-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictRefilled() {
        for (String key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, limited) ->
                    limited.bucket().getAvailableTokens() >= limited.capacity() ? null : limited);
        }
    }

    private static Limited newBucket(GatewayConfig.Tier tier) {
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(tier.capacity()).refillGreedy(tier.refillPerSecond(), Duration.ofSeconds(1)))
                .build();
        return new Limited(bucket, tier.capacity());
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
