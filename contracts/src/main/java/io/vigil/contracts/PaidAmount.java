package io.vigil.contracts;

import java.math.BigDecimal;
import java.util.Locale;

/** A transaction's amount as a reason's detail shows it to an analyst. */
public final class PaidAmount {

    private PaidAmount() {}

    /**
     * As paid, with the currency, and the amount the features counted when it differs: the model's thresholds
     * (amount above 200) are in its currency, not the payment's. "5000 JPY (28.00 in the model's currency)".
     */
    public static String of(EnrichedTransaction enriched) {
        Transaction t = enriched.transaction();
        double counted = enriched.features().amount();
        String paid = t.amount().toPlainString() + (t.currency() == null ? "" : " " + t.currency());
        return t.amount().compareTo(BigDecimal.valueOf(counted)) == 0
                ? paid
                : paid + String.format(Locale.ROOT, " (%.2f in the model's currency)", counted);
    }
}
