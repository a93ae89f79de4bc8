package io.vigil.loadtest.data;

/**
 * Shape of the generated traffic.
 *
 * @param wallets number of distinct wallets
 * @param hotWalletShare share of wallets that are hot (e.g. 0.01)
 * @param hotTrafficShare share of the ordinary and account-takeover traffic that goes to hot wallets (e.g. 0.20)
 * @param accountTakeoverShare share of all transactions that look like an account takeover
 * @param cardTestingShare share of all transactions that look like card testing
 * @param seed every draw derives from it
 */
public record MixConfig(
        int wallets,
        double hotWalletShare,
        double hotTrafficShare,
        double accountTakeoverShare,
        double cardTestingShare,
        long seed) {

    public MixConfig {
        if (wallets < 100) {
            throw new IllegalArgumentException("wallets must be at least 100");
        }
        if (hotWalletShare <= 0 || hotWalletShare >= 1 || hotTrafficShare < 0 || hotTrafficShare > 1) {
            throw new IllegalArgumentException("hot shares must lie in (0, 1)");
        }
        if (accountTakeoverShare < 0 || cardTestingShare < 0 || accountTakeoverShare + cardTestingShare > 0.5) {
            throw new IllegalArgumentException("fraud-like shares must be non-negative and at most 0.5 together");
        }
    }

    /** 20,000 wallets, 1 % of them getting 20 % of the traffic, 0.5 % ATO-like and 1 % card-testing-like. */
    public static MixConfig defaults(long seed) {
        return new MixConfig(20_000, 0.01, 0.20, 0.005, 0.01, seed);
    }

    public int hotWallets() {
        return Math.max(1, (int) Math.round(wallets * hotWalletShare));
    }

    /** Card testing hits a handful of compromised wallets, so their velocity features actually move. */
    public int compromisedWallets() {
        return Math.max(1, wallets / 1000);
    }
}
