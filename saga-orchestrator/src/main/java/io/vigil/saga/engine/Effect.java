package io.vigil.saga.engine;

/**
 * Something a transition asks the outside world to do, in the same database transaction that
 * persists the transition: {@link SendMessage} goes to the outbox, application-defined effects
 * (audit rows, cases) are applied by the application.
 */
public interface Effect {}
