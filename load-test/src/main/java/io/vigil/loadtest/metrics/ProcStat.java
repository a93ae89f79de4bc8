package io.vigil.loadtest.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CPU fields of one {@code /proc/<pid>/stat} line, in clock ticks. {@code cutime}/{@code cstime} hold the CPU of
 * children the process has waited for: counting them keeps the PostgreSQL total right when a backend exits during
 * the run, as its time moves into the postmaster's.
 */
public record ProcStat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime) {

    /** Own CPU plus that of reaped children. */
    public long ticks() {
        return utime + stime + cutime + cstime;
    }

    /**
     * Parses a stat line. The command name sits in parentheses and may itself contain spaces and parentheses, so
     * the fields after it are found from the last closing parenthesis.
     */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).trim());
        String comm = line.substring(open + 1, close);
        // Fields from 3 (state) on; utime is field 14, so index 11 here.
        String[] f = line.substring(close + 2).trim().split(" +");
        if (f.length < 15) {
            throw new IllegalArgumentException("truncated /proc/<pid>/stat line: " + line);
        }
        return new ProcStat(pid, comm, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]));
    }

    /** The process's current figures, or empty when it no longer exists. */
    public static Optional<ProcStat> read(Path proc, long pid) {
        try {
            return Optional.of(parse(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
