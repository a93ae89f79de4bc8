package io.vigil.gateway.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vigil.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * How many gateway replicas share the clients' rate limits: the addresses {@code vigil.rate-limit.peers}
 * resolves to (in Kubernetes a headless service, which lists the ready pods), or 1 when it is not set.
 * Resolved at start-up and every {@code vigil.rate-limit.peers-refresh}, on a worker thread; a failed
 * look-up keeps the last count, so a DNS hiccup does not hand each replica the whole limit.
 */
@ApplicationScoped
public class GatewayReplicas {

    private static final Logger LOG = Logger.getLogger(GatewayReplicas.class);

    /** Counts the addresses a name resolves to. */
    @FunctionalInterface
    interface Resolver {
        int addresses(String name) throws UnknownHostException;
    }

    private final Optional<String> peers;
    private final Resolver resolver;
    private volatile int count = 1;

    @Inject
    GatewayReplicas(GatewayConfig config) {
        this(config.rateLimit().peers(), name -> InetAddress.getAllByName(name).length);
    }

    GatewayReplicas(Optional<String> peers, Resolver resolver) {
        this.peers = peers;
        this.resolver = resolver;
    }

    /** At least 1. */
    public int count() {
        return count;
    }

    void onStart(@Observes StartupEvent started) {
        refresh();
    }

    @Scheduled(every = "${vigil.rate-limit.peers-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (peers.isEmpty()) {
            return;
        }
        try {
            int resolved = Math.max(1, resolver.addresses(peers.get()));
            if (resolved != count) {
                LOG.infof("%d gateway replicas share the rate limits (%s)", resolved, peers.get());
                count = resolved;
            }
        } catch (UnknownHostException e) {
            LOG.warnf("could not resolve the gateway replicas (%s), rate limits stay shared by %d: %s",
                    peers.get(), count, e.getMessage());
        }
    }
}
