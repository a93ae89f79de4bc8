package io.vigil.launcher;

/** A start-up failure with a message meant for the person at the terminal. */
public class LaunchException extends RuntimeException {

    private final long pid;

    public LaunchException(String message) {
        this(message, -1);
    }

    /** {@code pid} of a process that was started before the failure and must be stopped. */
    public LaunchException(String message, long pid) {
        super(message);
        this.pid = pid;
    }

    long pid() {
        return pid;
    }
}
