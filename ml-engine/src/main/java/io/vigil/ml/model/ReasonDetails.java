package io.vigil.ml.model;

import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.PaidAmount;
import io.vigil.contracts.Transaction;
import java.util.Locale;

/** Human-readable detail of a feature for a reason, phrased the way an analyst reads a case. */
final class ReasonDetails {

    private ReasonDetails() {}

    static String of(ModelArtifact.Term term, TermOp op, EnrichedTransaction tx) {
        Transaction t = tx.transaction();
        return switch (op) {
            case MCC_IN -> "merchant category " + t.merchantCategory();
            case CHANNEL_IS -> "channel " + t.channel();
            case PRODUCT -> feature(term.inputs().get(0), tx) + " and " + feature(term.inputs().get(1), tx);
            case INDICATOR_GT -> feature(term.inputs().get(0), tx)
                    + String.format(Locale.ROOT, " (above %s)", plain(term.threshold()));
            default -> feature(term.inputs().get(0), tx);
        };
    }

    static String feature(String name, EnrichedTransaction tx) {
        Features f = tx.features();
        Transaction t = tx.transaction();
        return switch (name) {
            case "amount" -> "amount " + PaidAmount.of(tx);
            case "count1h" -> f.count1h() + " transactions in the last hour";
            case "count24h" -> f.count24h() + " transactions in 24h";
            case "count7d" -> f.count7d() + " transactions in 7 days";
            case "sum1h" -> String.format(Locale.ROOT, "%.2f spent in the last hour", f.sum1h());
            case "sum24h" -> String.format(Locale.ROOT, "%.2f spent in 24h", f.sum24h());
            case "sum7d" -> String.format(Locale.ROOT, "%.2f spent in 7 days", f.sum7d());
            case "amountMean30d" -> String.format(Locale.ROOT, "30-day mean amount %.2f", f.amountMean30d());
            case "amountStd30d" -> String.format(Locale.ROOT, "30-day amount deviation %.2f", f.amountStd30d());
            case "amountZScore" -> String.format(Locale.ROOT, "amount %s is %.1f sd %s the 30-day mean",
                    PaidAmount.of(tx), Math.abs(f.amountZScore()), f.amountZScore() >= 0 ? "above" : "below");
            case "distinctMerchants24h" -> f.distinctMerchants24h() + " distinct merchants in 24h";
            case "distinctCountries24h" -> f.distinctCountries24h() + " distinct countries in 24h";
            case "distinctDevices7d" -> f.distinctDevices7d() + " distinct devices in 7 days";
            case "secondsSinceLast" -> f.secondsSinceLast() < 0
                    ? "first transaction of the wallet"
                    : f.secondsSinceLast() + " s since the previous transaction";
            case "newDevice" -> f.newDevice() ? "first payment from device " + t.deviceId() : "known device";
            case "newCountry" -> f.newCountry() ? "first payment from " + t.country() : "known country " + t.country();
            case "newMerchant" -> f.newMerchant() ? "first payment at merchant " + t.merchantId() : "known merchant";
            case "walletAgeDays" -> String.format(Locale.ROOT, "wallet %.1f days old", f.walletAgeDays());
            case "declined24h" -> f.declined24h() + " declines in 24h";
            case "fraud30d" -> f.fraud30d() + " fraud-labelled transactions in 30 days";
            case "merchantFraudRate" -> String.format(Locale.ROOT, "merchant fraud rate %.3f", f.merchantFraudRate());
            case "hourOfDay" -> String.format(Locale.ROOT, "at %02dh UTC", f.hourOfDay());
            default -> name;
        };
    }

    private static String plain(Double value) {
        return value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString();
    }
}
