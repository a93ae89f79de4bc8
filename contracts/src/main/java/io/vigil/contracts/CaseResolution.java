package io.vigil.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /v1/cases/{id}/resolve}. PostgreSQL stores no NUL in text, so a note may not hold one. */
public record CaseResolution(
        @NotNull Verdict verdict,
        @Size(max = 2000) @Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String note) {}
