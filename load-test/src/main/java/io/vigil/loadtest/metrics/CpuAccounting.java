package io.vigil.loadtest.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU seconds spent per process of the platform while a step runs, read from {@code /proc}: the processes that
 * {@code bin/vigil up} recorded in {@code .vigil/run/platform.properties} (Kafka and the four services), every
 * PostgreSQL process aggregated, and the load generator itself. Also each group's wake-ups: the voluntary context
 * switches of all its threads, each one a thread that slept until a socket, lock or timer woke it. Per transaction
 * they are the platform's structure (hops, statements, commits, hand-offs between threads) and hardly move between
 * runs, where CPU per transaction moves with the machine's speed (docs/benchmarks.md, fifteenth round). Within
 * the groups it also tells two parts apart: the JVMs' JIT compiler threads, whose work fades once the code is
 * compiled and would otherwise pass for the platform's, and the PostgreSQL backends of each database, which tell
 * whose statements the database's CPU went to.
 *
 * <p>PostgreSQL processes are recognised by their command name ({@code comm}) rather than {@code pgrep -f
 * postgres}: the services' command lines carry {@code postgresql://} URLs and would be counted twice.
 */
public final class CpuAccounting {

    public static final String POSTGRESQL = "postgresql";
    public static final String GENERATOR = "load-generator";
    /** The part of the platform's CPU spent by the JVMs' JIT compiler threads. */
    public static final String JIT_COMPILERS = "JIT compilers";
    /** Prefix of the part of PostgreSQL's CPU spent by the backends of one database. */
    public static final String DATABASE_PART = "postgresql: ";
    /** The machine's busy time on all its cores, whoever spent it (user, nice, system, irq, softirq). */
    public static final String MACHINE_BUSY = "busy";
    /** Time the host ran something else while this machine's cores had work (the {@code steal} column). */
    public static final String MACHINE_STOLEN = "stolen";

    /*
     * A backend's command line as PostgreSQL displays it: "postgres: [cluster: ]user database host(port) activity";
     * the server's own processes (checkpointer, WAL writer, ...) show no host.
     */
    private static final Pattern BACKEND = Pattern.compile(
            "postgres: (?:\\S+: )?\\S+ (\\S+) (?:\\S+\\(\\d+\\)|\\[local\\])(?: .*)?");

    private final Path proc;
    private final Map<String, Long> platform;
    private final long self;
    private final double ticksPerSecond;

    CpuAccounting(Path proc, Map<String, Long> platform, long self, double ticksPerSecond) {
        this.proc = proc;
        this.platform = platform;
        this.self = self;
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * What one {@link #snapshot()} saw: clock ticks and wake-ups per process group, the ticks of the parts inside
     * the groups ({@link #JIT_COMPILERS}, {@link #DATABASE_PART} + database), and the whole machine's ticks
     * ({@link #MACHINE_BUSY}, {@link #MACHINE_STOLEN}; empty where {@code /proc/stat} cannot be read).
     */
    public record Snapshot(Map<String, Long> ticks, Map<String, Long> wakeUps, Map<String, Long> partTicks,
            Map<String, Long> machineTicks, long nanoTime) {}

    /**
     * Accounts for the platform recorded in the state file (an absent file means no platform processes, only
     * PostgreSQL and the generator). A pid is kept only while its command line carries the recorded instance
     * marker, so a recycled pid is never mistaken for a service.
     */
    public static CpuAccounting forPlatform(Path stateFile) {
        return new CpuAccounting(Path.of("/proc"), platformPids(stateFile, Path.of("/proc")),
                ProcessHandle.current().pid(), clockTicksPerSecond());
    }

    static Map<String, Long> platformPids(Path stateFile, Path proc) {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (!Files.exists(stateFile)) {
            return pids;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String marker = p.getProperty("marker", "");
        p.stringPropertyNames().stream().sorted().forEach(key -> {
            String value = p.getProperty(key).trim();
            if (key.equals("marker") || key.startsWith("postgres.") || !value.matches("\\d+")) {
                return;
            }
            long pid = Long.parseLong(value);
            if (marker.isEmpty() || commandLine(proc, pid).contains(marker)) {
                pids.put(key, pid);
            }
        });
        return pids;
    }

    /** Components found in the state file and alive. */
    public Map<String, Long> platformProcesses() {
        return Map.copyOf(platform);
    }

    public Snapshot snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Long> wakeUps = new LinkedHashMap<>();
        Map<String, Long> parts = new TreeMap<>();
        platform.forEach((name, pid) -> {
            ticks.put(name, ticks(pid));
            wakeUps.put(name, wakeUps(pid));
        });
        parts.put(JIT_COMPILERS, jitCompilerTicks());
        List<ProcStat> postgres = postgresProcesses();
        ticks.put(POSTGRESQL, postgres.stream().mapToLong(ProcStat::ticks).sum());
        wakeUps.put(POSTGRESQL, postgres.stream().mapToLong(s -> wakeUps(s.pid())).sum());
        for (ProcStat s : postgres) {
            database(commandLine(proc, s.pid()))
                    .ifPresent(db -> parts.merge(DATABASE_PART + db, s.utime() + s.stime(), Long::sum));
        }
        ticks.put(GENERATOR, ticks(self));
        wakeUps.put(GENERATOR, wakeUps(self));
        return new Snapshot(ticks, wakeUps, parts, machineTicks(), System.nanoTime());
    }

    /**
     * The first line of {@code /proc/stat}, all cores together: "cpu user nice system idle iowait irq softirq steal
     * ...". Guest time is already inside user. What the host steals is the noise a run on a shared machine cannot
     * otherwise tell from the platform's own slowness.
     */
    private Map<String, Long> machineTicks() {
        Map<String, Long> machine = new LinkedHashMap<>();
        try (var lines = Files.lines(proc.resolve("stat"), StandardCharsets.US_ASCII)) {
            String[] f = lines.findFirst().orElse("").trim().split("\\s+");
            if (f.length > 8 && f[0].equals("cpu")) {
                machine.put(MACHINE_BUSY, Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                        + Long.parseLong(f[6]) + Long.parseLong(f[7]));
                machine.put(MACHINE_STOLEN, Long.parseLong(f[8]));
            }
        } catch (IOException | NumberFormatException e) {
            return Map.of();
        }
        return machine;
    }

    /**
     * Usage between two snapshots. A backend that exits during the interval takes its CPU out of its database's part
     * (the postmaster's total still counts it); the pools' backends live as long as the services.
     */
    public CpuUsage between(Snapshot before, Snapshot after) {
        return new CpuUsage(seconds(increase(before.ticks(), after.ticks())),
                increase(before.wakeUps(), after.wakeUps()),
                seconds(increase(before.partTicks(), after.partTicks())),
                seconds(increase(before.machineTicks(), after.machineTicks())),
                (after.nanoTime() - before.nanoTime()) / 1e9);
    }

    private Map<String, Double> seconds(Map<String, Long> ticks) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticks.forEach((name, t) -> seconds.put(name, t / ticksPerSecond));
        return seconds;
    }

    /** The database a PostgreSQL process serves, from the command line it displays; empty for the server's own. */
    static Optional<String> database(String commandLine) {
        Matcher m = BACKEND.matcher(commandLine.trim());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Each group's growth between two counts; a group new in {@code after} grew from zero. */
    private static Map<String, Long> increase(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> growth = new LinkedHashMap<>();
        after.forEach((name, count) -> growth.put(name, Math.max(0, count - before.getOrDefault(name, 0L))));
        return growth;
    }

    /** CPU clock ticks of the process so far; none once it has ended. */
    private long ticks(long pid) {
        return ProcStat.read(proc, pid).map(ProcStat::ticks).orElse(0L);
    }

    /**
     * Voluntary context switches of all the process's threads so far ({@code voluntary_ctxt_switches} in each
     * {@code task/<tid>/status}). A thread that ended takes its count along, and so does a PostgreSQL backend that
     * exited (the kernel keeps no total for reaped children): the pools' long-lived threads and backends do the work.
     */
    long wakeUps(long pid) {
        return threads(pid).stream().mapToLong(thread -> voluntarySwitches(thread.resolve("status"))).sum();
    }

    private static long voluntarySwitches(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The thread ended between listing and reading.
        }
        return 0;
    }

    /**
     * CPU seconds the platform's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}; the
     * kernel keeps 15 characters of a thread name) have used so far, summed over the platform processes. When they go
     * quiet under steady load the JVMs run compiled code and their figures stop drifting.
     */
    public double jitCompilerSeconds() {
        return jitCompilerTicks() / ticksPerSecond;
    }

    private long jitCompilerTicks() {
        long ticks = 0;
        for (long pid : platform.values()) {
            for (Path thread : threads(pid)) {
                ticks += ProcStat.read(thread.getParent(), Long.parseLong(thread.getFileName().toString()))
                        .filter(t -> t.comm().startsWith("C1 CompilerThre") || t.comm().startsWith("C2 CompilerThre"))
                        .map(t -> t.utime() + t.stime())
                        .orElse(0L);
            }
        }
        return ticks;
    }

    /** The directories of the process's threads ({@code /proc/<pid>/task/<tid>}); none once it has ended. */
    private List<Path> threads(long pid) {
        List<Path> threads = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(Long.toString(pid)).resolve("task"),
                "[0-9]*")) {
            tasks.forEach(threads::add);
        } catch (IOException e) {
            // The process has ended: no threads, no more work.
        }
        return threads;
    }

    /** Every PostgreSQL process's figures, each read once per snapshot. */
    private List<ProcStat> postgresProcesses() {
        List<ProcStat> processes = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    ProcStat s = ProcStat.parse(Files.readString(dir.resolve("stat")));
                    if (s.comm().equals("postgres")) {
                        processes.add(s);
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // The process ended between listing and reading: nothing to count.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return processes;
    }

    private static String commandLine(Path proc, long pid) {
        try {
            return new String(Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** USER_HZ from {@code getconf CLK_TCK}; 100 on every mainstream Linux when that is unavailable. */
    static double clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+")) {
                return Double.parseDouble(out);
            }
        } catch (IOException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
