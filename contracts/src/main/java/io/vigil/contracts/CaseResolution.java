package io.vigil.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /v1/cases/{id}/resolve}. */
public record CaseResolution(@NotNull Verdict verdict, @Size(max = 2000) String note) {}
