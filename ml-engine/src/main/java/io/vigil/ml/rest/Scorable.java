package io.vigil.ml.rest;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The enriched transaction carries everything scoring reads, with values in range. Declared here
 * because the shared contract records carry no constraints of their own.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ScorableValidator.class)
public @interface Scorable {

    String message() default "is not a scorable transaction";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
