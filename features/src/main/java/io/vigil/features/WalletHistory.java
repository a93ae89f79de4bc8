package io.vigil.features;

import java.time.Instant;
import java.util.List;

/**
 * What is known of a wallet strictly before snapshot T: its events of the last 30 days and the
 * answers that need all of its history (first seen, has it used this device, country, merchant
 * before) plus the merchant's label counts over 30 days within the tenant.
 *
 * @param recent events in the 30 days before T, any order; events at or after T are ignored
 * @param firstSeenAt earliest event of the wallet before T, or null for a new wallet
 * @param merchantCount30d transactions at the merchant in the 30 days before T (all wallets of the tenant)
 * @param merchantFraud30d of those, how many are labelled fraud
 */
public record WalletHistory(
        List<HistoryEvent> recent,
        Instant firstSeenAt,
        boolean deviceSeen,
        boolean countrySeen,
        boolean merchantSeen,
        int merchantCount30d,
        int merchantFraud30d) {

    public static final WalletHistory EMPTY = new WalletHistory(List.of(), null, false, false, false, 0, 0);
}
