package io.vigil.saga.model;

import io.vigil.contracts.Verdict;

/** An analyst resolved a case: the event that resumes a saga parked in {@code case.open}. */
public record CaseVerdict(Verdict verdict, String note, String analyst) {}
