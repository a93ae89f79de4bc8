package io.vigil.contracts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feature vector of one transaction at snapshot T = occurredAt, over the wallet's history strictly
 * before T. Amounts are in the reference currency, the one the model was trained in (EUR): each payment's amount
 * converted at enrichment-service's configured rate when it was decided, so a wallet paying in several currencies
 * is counted in one. {@code secondsSinceLast} is -1 when the wallet has no earlier
 * transaction.
 */
public record Features(
        double amount,
        int count1h,
        int count24h,
        int count7d,
        double sum1h,
        double sum24h,
        double sum7d,
        double amountMean30d,
        double amountStd30d,
        double amountZScore,
        int distinctMerchants24h,
        int distinctCountries24h,
        int distinctDevices7d,
        long secondsSinceLast,
        boolean newDevice,
        boolean newCountry,
        boolean newMerchant,
        double walletAgeDays,
        int declined24h,
        int fraud30d,
        double merchantFraudRate,
        int hourOfDay) {

    /** Names in model order; {@link #toArray()} follows this order. */
    public static final List<String> NAMES = List.of(
            "amount",
            "count1h",
            "count24h",
            "count7d",
            "sum1h",
            "sum24h",
            "sum7d",
            "amountMean30d",
            "amountStd30d",
            "amountZScore",
            "distinctMerchants24h",
            "distinctCountries24h",
            "distinctDevices7d",
            "secondsSinceLast",
            "newDevice",
            "newCountry",
            "newMerchant",
            "walletAgeDays",
            "declined24h",
            "fraud30d",
            "merchantFraudRate",
            "hourOfDay");

    /** Values in {@link #NAMES} order, booleans as 0/1. */
    public double[] toArray() {
        return new double[] {
            amount,
            count1h,
            count24h,
            count7d,
            sum1h,
            sum24h,
            sum7d,
            amountMean30d,
            amountStd30d,
            amountZScore,
            distinctMerchants24h,
            distinctCountries24h,
            distinctDevices7d,
            secondsSinceLast,
            newDevice ? 1 : 0,
            newCountry ? 1 : 0,
            newMerchant ? 1 : 0,
            walletAgeDays,
            declined24h,
            fraud30d,
            merchantFraudRate,
            hourOfDay
        };
    }

    /** Name to value, in model order. */
    public Map<String, Double> asMap() {
        double[] values = toArray();
        Map<String, Double> map = new LinkedHashMap<>(values.length * 2);
        for (int i = 0; i < values.length; i++) {
            map.put(NAMES.get(i), values[i]);
        }
        return map;
    }
}
