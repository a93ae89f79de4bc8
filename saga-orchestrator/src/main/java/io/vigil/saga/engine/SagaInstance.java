package io.vigil.saga.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The persisted state of one saga: where it stands, its data and its step log. The engine mutates it;
 * the application loads it before and saves it after each transition under optimistic locking
 * ({@code version}).
 */
public final class SagaInstance<D> {

    private final String id;
    private final String type;
    private final Instant startedAt;
    private final List<StepRecord> log;
    private SagaState state;
    private int cursor;
    private boolean cancelRequested;
    private String cause;
    private D data;
    private Instant updatedAt;
    private long version;

    public SagaInstance(
            String id,
            String type,
            SagaState state,
            int cursor,
            boolean cancelRequested,
            String cause,
            D data,
            List<StepRecord> log,
            Instant startedAt,
            Instant updatedAt,
            long version) {
        this.id = id;
        this.type = type;
        this.state = state;
        this.cursor = cursor;
        this.cancelRequested = cancelRequested;
        this.cause = cause;
        this.data = data;
        this.log = new ArrayList<>(log);
        this.startedAt = startedAt;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    static <D> SagaInstance<D> fresh(String id, String type, D data, Instant now) {
        return new SagaInstance<>(id, type, SagaState.RUNNING, 0, false, null, data, List.of(), now, now, 0L);
    }

    /**
     * A saga cancelled before it started (the cancellation overtook the scored event). It runs no step until
     * the scored event arrives, which then only undoes what was done before the saga existed
     * ({@link SagaEngine#startCancelled}).
     */
    public static <D> SagaInstance<D> cancelledBeforeStart(String id, String type, String reason, Instant now) {
        return new SagaInstance<>(
                id, type, SagaState.CANCELLED, -1, true, "cancelled before start: " + reason, null, List.of(), now,
                now, 0L);
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public SagaState state() {
        return state;
    }

    public int cursor() {
        return cursor;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public String cause() {
        return cause;
    }

    public D data() {
        return data;
    }

    public List<StepRecord> log() {
        return Collections.unmodifiableList(log);
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }

    /** The entry waiting for a reply, an event or a retry, if any. */
    public Optional<StepRecord> active() {
        if (log.isEmpty() || state.isSettled()) {
            return Optional.empty();
        }
        StepRecord last = log.get(log.size() - 1);
        return last.status().isWaiting() ? Optional.of(last) : Optional.empty();
    }

    /** When the sweep must look at this saga again (a reply or park deadline), if ever. */
    public Optional<Instant> wakeAt() {
        return active().map(StepRecord::deadline);
    }

    /** The forward entry of step {@code index}, if that step was reached. */
    Optional<StepRecord> forwardEntry(int index) {
        for (int i = log.size() - 1; i >= 0; i--) {
            StepRecord r = log.get(i);
            if (r.index() == index && r.phase() == StepRecord.Phase.FORWARD) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Called by the application once the row is saved with the next version. */
    public void markSaved(long newVersion) {
        this.version = newVersion;
    }

    void append(StepRecord r) {
        log.add(r);
    }

    void replaceActive(StepRecord r) {
        log.set(log.size() - 1, r);
    }

    void state(SagaState s) {
        this.state = s;
    }

    void cursor(int c) {
        this.cursor = c;
    }

    void data(D d) {
        this.data = d;
    }

    void cause(String c) {
        this.cause = c;
    }

    void requestCancel() {
        this.cancelRequested = true;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }
}
