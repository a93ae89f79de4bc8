package io.vigil.ml.rest;

import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import io.vigil.features.FeatureCalculator;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.math.BigDecimal;

/** Checks {@link Scorable}: one violation per offending field, with its JSON path. */
public class ScorableValidator implements ConstraintValidator<Scorable, EnrichedTransaction> {

    private static final String REQUIRED = "is required";

    @Override
    public boolean isValid(EnrichedTransaction value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        Violations violations = new Violations(context);
        checkTransaction(value.transaction(), violations);
        checkFeatures(value.features(), violations);
        return violations.none();
    }

    private static void checkTransaction(Transaction t, Violations v) {
        if (t == null) {
            v.add(REQUIRED, "transaction");
            return;
        }
        v.requireText(t.transactionId(), "transaction", "transactionId");
        v.requireText(t.walletId(), "transaction", "walletId");
        v.requireText(t.merchantCategory(), "transaction", "merchantCategory");
        v.requireText(t.country(), "transaction", "country");
        if (t.channel() == null) {
            v.add(REQUIRED, "transaction", "channel");
        }
        if (t.amount() == null) {
            v.add(REQUIRED, "transaction", "amount");
        } else if (t.amount().compareTo(BigDecimal.ZERO) <= 0) {
            v.add("must be greater than 0", "transaction", "amount");
        } else if (t.amount().precision() > Transaction.MAX_AMOUNT_DIGITS
                || t.amount().scale() > Transaction.MAX_AMOUNT_DIGITS) {
            // a reason's detail writes the amount out in full: 1E-999999999 would be a billion characters
            v.add("must have at most " + Transaction.MAX_AMOUNT_DIGITS + " digits", "transaction", "amount");
        } else if (t.amount().compareTo(Transaction.MAX_AMOUNT) >= 0) {
            v.add("must be below " + Transaction.MAX_AMOUNT.toPlainString(), "transaction", "amount");
        }
    }

    private static void checkFeatures(Features f, Violations v) {
        if (f == null) {
            v.add(REQUIRED, "features");
            return;
        }
        double[] values = f.toArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                v.add("must be a finite number", "features", Features.NAMES.get(i));
            } else if (values[i] < lowerBound(i)) {
                v.add("must not be below " + (long) lowerBound(i), "features", Features.NAMES.get(i));
            }
        }
        if (Math.abs(f.amountZScore()) > FeatureCalculator.Z_SCORE_CAP) {
            // enrichment-service caps it; beyond, a product term such as newDevice * amountZScore decides alone
            v.add("must lie within ±" + (long) FeatureCalculator.Z_SCORE_CAP, "features", "amountZScore");
        }
        if (f.merchantFraudRate() > 1) {
            v.add("must not be above 1", "features", "merchantFraudRate");
        }
        if (f.hourOfDay() > 23) {
            v.add("must not be above 23", "features", "hourOfDay");
        }
    }

    /** Every feature is a count, sum, rate, age or flag (so at least 0) except these two. */
    private static double lowerBound(int feature) {
        return switch (Features.NAMES.get(feature)) {
            case "amountZScore" -> Double.NEGATIVE_INFINITY;
            case "secondsSinceLast" -> -1;
            default -> 0;
        };
    }

    private static final class Violations {

        private final ConstraintValidatorContext context;
        private boolean any;

        Violations(ConstraintValidatorContext context) {
            this.context = context;
            context.disableDefaultConstraintViolation();
        }

        void requireText(String value, String object, String field) {
            if (value == null || value.isBlank()) {
                add(REQUIRED, object, field);
            }
        }

        void add(String message, String... path) {
            any = true;
            var builder = context.buildConstraintViolationWithTemplate(message).addPropertyNode(path[0]);
            for (int i = 1; i < path.length; i++) {
                builder = builder.addPropertyNode(path[i]);
            }
            builder.addConstraintViolation();
        }

        boolean none() {
            return !any;
        }
    }
}
