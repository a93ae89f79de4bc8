package io.vigil.ml.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Optional;

/** Which model artifacts ml-engine serves and how scores become decisions. */
@ConfigMapping(prefix = "vigil")
public interface ModelConfig {

    Model model();

    Scoring scoring();

    Bench bench();

    /** Bench mode: {@code POST /bench/hop} answers, to measure the bare hop chain; off in production. */
    interface Bench {
        @WithDefault("false")
        boolean enabled();
    }

    interface Model {

        /**
         * Classpath directory holding the bundled artifacts. With neither {@code champion} nor {@code path}
         * set, the newest artifact in it (by file name, numbers compared as numbers) is the champion; an
         * empty or missing directory means the rules scorer decides.
         */
        @WithDefault("models")
        String directory();

        /** File name of the champion artifact inside {@link #directory()}. */
        Optional<String> champion();

        /** Filesystem path of the champion artifact; wins over {@link #champion()}. */
        Optional<String> path();

        /**
         * Artifact scored in shadow on every request: a filesystem path if such a file exists, otherwise
         * a file name inside {@link #directory()}.
         */
        Optional<String> challenger();
    }

    interface Scoring {

        /** Overrides the artifact's review threshold. */
        Optional<@DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double> reviewThreshold();

        /** Overrides the artifact's decline threshold. */
        Optional<@DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double> declineThreshold();

        /** How many feature contributions are reported as reasons. */
        @WithDefault("3")
        @Min(0)
        @Max(20)
        int maxFeatureReasons();
    }
}
