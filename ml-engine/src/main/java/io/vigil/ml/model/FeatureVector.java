package io.vigil.ml.model;

import io.vigil.contracts.Features;

/** Reads one feature by its {@link Features#NAMES} index without building the whole array. */
final class FeatureVector {

    private FeatureVector() {}

    static int indexOf(String name) {
        int index = Features.NAMES.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("unknown feature " + name);
        }
        return index;
    }

    static double value(Features f, int index) {
        return switch (index) {
            case 0 -> f.amount();
            case 1 -> f.count1h();
            case 2 -> f.count24h();
            case 3 -> f.count7d();
            case 4 -> f.sum1h();
            case 5 -> f.sum24h();
            case 6 -> f.sum7d();
            case 7 -> f.amountMean30d();
            case 8 -> f.amountStd30d();
            case 9 -> f.amountZScore();
            case 10 -> f.distinctMerchants24h();
            case 11 -> f.distinctCountries24h();
            case 12 -> f.distinctDevices7d();
            case 13 -> f.secondsSinceLast();
            case 14 -> f.newDevice() ? 1 : 0;
            case 15 -> f.newCountry() ? 1 : 0;
            case 16 -> f.newMerchant() ? 1 : 0;
            case 17 -> f.walletAgeDays();
            case 18 -> f.declined24h();
            case 19 -> f.fraud30d();
            case 20 -> f.merchantFraudRate();
            case 21 -> f.hourOfDay();
            default -> throw new IllegalArgumentException("no feature at index " + index);
        };
    }
}
