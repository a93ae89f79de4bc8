package io.vigil.loadtest.endpoint;

import io.vigil.launcher.DevToken;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Bearer tokens of many API clients of one tenant. The gateway rate-limits per client (tenant + subject), so the
 * load is spread round-robin across enough clients to stay under one client's tier.
 */
public final class ClientTokens {

    public static final String ROLE = "transactions:write";

    private final String[] headers;

    private ClientTokens(String[] headers) {
        this.headers = headers;
    }

    /** Signs one token per client with the dev-only key; subjects are {@code bench-client-000}, ... */
    public static ClientTokens sign(Path privateKeyPem, String tenant, int clients, Duration ttl) {
        if (clients < 1) {
            throw new IllegalArgumentException("at least one client is needed");
        }
        String[] headers = new String[clients];
        for (int i = 0; i < clients; i++) {
            String subject = String.format(Locale.ROOT, "bench-client-%03d", i);
            headers[i] = "Bearer " + DevToken.sign(privateKeyPem, subject, tenant, List.of(ROLE), ttl);
        }
        return new ClientTokens(headers);
    }

    public int clients() {
        return headers.length;
    }

    /** The Authorization header of the client that sends the given arrival. */
    public String authorization(long sequence) {
        return headers[(int) (sequence % headers.length)];
    }
}
