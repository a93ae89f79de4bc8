package io.vigil.training.data;

import java.time.Instant;

/**
 * What to generate. The start instant is fixed rather than "now" so that a seed alone determines the data.
 *
 * @param wallets number of wallets of tenant {@link #TENANT}
 * @param days length of the stream in days
 * @param seed every random draw derives from it
 * @param start first instant of the stream
 */
public record GeneratorConfig(int wallets, int days, long seed, Instant start) {

    public static final String TENANT = "acme";
    public static final Instant DEFAULT_START = Instant.parse("2026-09-01T00:00:00Z");

    public GeneratorConfig {
        if (wallets < 1 || days < 1) {
            throw new IllegalArgumentException("wallets and days must be positive");
        }
    }

    public GeneratorConfig(int wallets, int days, long seed) {
        this(wallets, days, seed, DEFAULT_START);
    }

    public Instant end() {
        return start.plusSeconds(days * 86_400L);
    }
}
