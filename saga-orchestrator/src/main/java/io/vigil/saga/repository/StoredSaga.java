package io.vigil.saga.repository;

import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.model.TransactionSagaData;

/** A saga as stored, with the tenant and wallet that scope it. */
public record StoredSaga(String tenant, String walletId, SagaInstance<TransactionSagaData> saga) {}
