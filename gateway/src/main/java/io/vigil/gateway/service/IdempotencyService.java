package io.vigil.gateway.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.model.IdempotencyRecord;
import io.vigil.gateway.model.IdempotentResult;
import io.vigil.gateway.model.StoredResponse;
import io.vigil.gateway.repository.IdempotencyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs an action at most once per (tenant, Idempotency-Key). The first request claims the key
 * (insert-if-absent); a duplicate with the same body gets the stored answer, or waits briefly for
 * the first to finish; a different body under the same key is a 409. Only answers are stored:
 * when the action fails the key is released, so a retry runs again instead of replaying an error.
 */
@ApplicationScoped
public class IdempotencyService {

    private static final Logger LOG = Logger.getLogger(IdempotencyService.class);
    /** A key released between our failed claim and our read is claimed once more, not forever. */
    private static final int MAX_CLAIM_ATTEMPTS = 2;
    private static final Duration IN_PROGRESS_RETRY_AFTER = Duration.ofSeconds(1);

    private final IdempotencyRepository repository;
    private final GatewayConfig.Idempotency config;
    private final GatewayMetrics metrics;

    IdempotencyService(IdempotencyRepository repository, GatewayConfig config, GatewayMetrics metrics) {
        this.repository = repository;
        this.config = config.idempotency();
        this.metrics = metrics;
    }

    public Uni<IdempotentResult> execute(
            String tenant, String key, String requestHash, Supplier<Uni<StoredResponse>> action) {
        return attempt(tenant, key, requestHash, action, 1);
    }

    @Scheduled(every = "${vigil.idempotency.purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return repository.purgeExpired()
                .invoke(deleted -> LOG.debugf("Purged %d expired idempotency keys", deleted))
                .replaceWithVoid();
    }

    private Uni<IdempotentResult> attempt(
            String tenant, String key, String requestHash, Supplier<Uni<StoredResponse>> action, int attempt) {
        return repository.claim(tenant, key, requestHash, config.lease(), config.window()).flatMap(owner -> {
            if (owner != null) {
                return runOwned(tenant, key, requestHash, owner, action);
            }
            return settled(tenant, key, requestHash).flatMap(existing -> {
                if (existing != null) {
                    metrics.idempotentReplay();
                    return Uni.createFrom().item(new IdempotentResult(existing.response(), true));
                }
                return attempt < MAX_CLAIM_ATTEMPTS
                        ? attempt(tenant, key, requestHash, action, attempt + 1)
                        : Uni.createFrom().failure(stillInProgress());
            });
        });
    }

    private Uni<IdempotentResult> runOwned(
            String tenant, String key, String requestHash, UUID owner, Supplier<Uni<StoredResponse>> action) {
        return Uni.createFrom()
                .deferred(action::get)
                .onFailure().call(() -> release(tenant, key, owner))
                .onCancellation().call(() -> release(tenant, key, owner))
                .call(response -> repository.complete(tenant, key, owner, requestHash, config.window(), response))
                .map(response -> new IdempotentResult(response, false));
    }

    private Uni<Void> release(String tenant, String key, UUID owner) {
        return repository.release(tenant, key, owner).onFailure().recoverWithNull();
    }

    /**
     * The completed record for a same-body duplicate, polling while the first request is in
     * progress; null when the key vanished (released after a failure), so the caller claims again.
     */
    private Uni<IdempotencyRecord> settled(String tenant, String key, String requestHash) {
        long polls = Math.max(1, config.waitForCompletion().toMillis() / Math.max(1, config.pollInterval().toMillis()));
        return Uni.createFrom()
                .deferred(() -> repository.find(tenant, key))
                .map(existing -> {
                    if (existing == null) {
                        return null;
                    }
                    if (!existing.requestHash().equals(requestHash)) {
                        throw ApiException.of(409, "Idempotency-Key reused",
                                "This Idempotency-Key was already used with a different request body");
                    }
                    if (existing.state() == IdempotencyRecord.State.IN_PROGRESS) {
                        throw new InProgress();
                    }
                    return existing;
                })
                .onFailure(InProgress.class).retry()
                .withBackOff(config.pollInterval(), config.pollInterval())
                .atMost(polls)
                .onFailure(InProgress.class).transform(e -> stillInProgress());
    }

    private static ApiException stillInProgress() {
        return ApiException.retryLater(409, "Request in progress",
                "A request with this Idempotency-Key is still being processed", IN_PROGRESS_RETRY_AFTER);
    }

    /** Signals one more poll; never leaves this class. */
    private static final class InProgress extends RuntimeException {
        InProgress() {
            super(null, null, false, false);
        }
    }
}
