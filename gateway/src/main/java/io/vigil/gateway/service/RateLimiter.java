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
 * Token buckets per client (tenant + subject) and tier. Each gateway replica keeps its own and holds a
 * client to its share of the tier ({@link GatewayReplicas}): the tier's burst divided among the replicas,
 * rounded up, and its rate divided exactly. Behind a balancer that spreads a client's requests evenly, the
 * replicas so hold it to about the tier together; the headers state the tier and what is left of it, as
 * this replica's share stands multiplied by the replicas. When the count changes, a client's bucket starts
 * again from its new share, full.
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

    private record Limited(Bucket bucket, long capacity, int replicas) {}

    private final Map<String, Limited> buckets = new ConcurrentHashMap<>();
    private final GatewayConfig.RateLimit config;
    private final GatewayReplicas replicas;

    RateLimiter(GatewayConfig config, GatewayReplicas replicas) {
        this.config = config.rateLimit();
        this.replicas = replicas;
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
        int sharedBy = replicas.count();
        ConsumptionProbe[] probe = new ConsumptionProbe[1];
        buckets.compute(caller.clientKey() + '\u0000' + tierName, (key, existing) -> {
            Limited limited = existing != null && existing.replicas() == sharedBy
                    ? existing
                    : newBucket(tier, sharedBy);
            probe[0] = limited.bucket().tryConsumeAndReturnRemaining(1);
            return limited;
        });
        ConsumptionProbe p = probe[0];
        long remaining = Math.min(tier.capacity(), p.getRemainingTokens() * sharedBy);
        return new Verdict(p.isConsumed(), tier.capacity(), remaining,
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

    private static Limited newBucket(GatewayConfig.Tier tier, int replicas) {
        long capacity = (tier.capacity() + replicas - 1) / replicas;
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity)
                        .refillGreedy(tier.refillPerSecond(), Duration.ofSeconds(replicas)))
                .build();
        return new Limited(bucket, capacity, replicas);
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
