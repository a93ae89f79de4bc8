package io.vigil.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Starting and stopping the platform's child processes. */
final class Processes {

    private Processes() {}

    /** The JVM running the launcher; every part of the platform runs on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts a process in its own session (so a Ctrl-C on the launcher's terminal reaches only the
     * launcher, which then stops the children in order), output appended to {@code log}.
     */
    static long spawn(List<String> command, Path workDir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            List<String> full = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                full.add("/usr/bin/setsid");
            }
            full.addAll(command);
            Process p = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return p.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /**
     * True once a child this launcher spawned has gone. While setsid execs the JVM, the child's
     * {@code /proc/<pid>/cmdline} is empty for a moment, so start-up waits use this rather than {@link #isOurs}.
     */
    static boolean exited(long pid) {
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    /** True when the pid is alive and its command line carries our instance marker. */
    static boolean isOurs(long pid, String marker) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; only if the pid is still ours. */
    static void stop(long pid, String marker, Duration grace) {
        if (!isOurs(pid, marker)) {
            return;
        }
        Optional<ProcessHandle> found = ProcessHandle.of(pid);
        if (found.isEmpty()) {
            return; // exited since the check
        }
        ProcessHandle handle = found.get();
        handle.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        while (handle.isAlive() && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (handle.isAlive()) {
            handle.destroyForcibly();
            while (handle.isAlive()) {
                sleep(50);
            }
        }
    }

    /** SIGKILL, if the pid is still ours; returns once the process is gone. */
    static void kill(long pid, String marker) {
        if (Processes.isOurs(pid, marker)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                sleep(50);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last lines of a log, to show why something did not start. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ")";
        }
    }
}
