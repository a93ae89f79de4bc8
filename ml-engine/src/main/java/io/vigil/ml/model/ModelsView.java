package io.vigil.ml.model;

/** Answer of {@code GET /v1/models}: the champion that decides and the challenger scored in shadow, if any. */
public record ModelsView(ModelDescription champion, ModelDescription challenger) {}
