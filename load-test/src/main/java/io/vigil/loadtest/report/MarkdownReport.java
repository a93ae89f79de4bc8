package io.vigil.loadtest.report;

import io.vigil.contracts.Decision;
import io.vigil.loadtest.metrics.CpuAccounting;
import io.vigil.loadtest.metrics.LatencyStats;
import io.vigil.loadtest.metrics.Timeline;
import io.vigil.loadtest.service.OpenLoopRunner;
import io.vigil.loadtest.service.RunResult;
import io.vigil.loadtest.service.SagaTracker.SagaStats;
import io.vigil.loadtest.service.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Renders benchmark steps as a Markdown section and writes it into a report file between markers, so the rest of
 * the file (other benchmarks, commentary) is kept.
 */
public final class MarkdownReport {

    public static final String BEGIN = "<!-- load-test:begin -->";
    public static final String END = "<!-- load-test:end -->";
    private static final String TITLE = "# Vigil benchmarks\n";

    /** Issue #9's bar: synchronous p99 ≤ 50 ms, at a platform throughput of at least half the hop chain's. */
    static final long TARGET_P99_MICROS = OpenLoopRunner.SLOW_MICROS;

    private MarkdownReport() {}

    public static String render(ReportContext ctx, List<StepResult> steps) {
        StringBuilder b = new StringBuilder();
        b.append(BEGIN).append('\n');
        b.append("## Open-loop load benchmark of the platform\n\n");
        b.append(String.format(Locale.ROOT, "Measured %s on %d cores (%s); load generator and platform share the"
                + " machine. Command: `%s`.%n%n", ctx.at().truncatedTo(ChronoUnit.SECONDS), ctx.cores(), ctx.runtime(),
                ctx.command()));
        for (String line : ctx.setup()) {
            b.append("- ").append(line).append('\n');
        }
        b.append('\n');

        b.append("### Synchronous decision\n\n");
        b.append("Latency from each request's intended send time to its answer (coordinated omission corrected);"
                + " `service p99` is measured from the actual send, for comparison. Achieved = 2xx answers ÷ time from"
                + " the first intended send to the last answer.\n\n");
        b.append("| target | offered tx/s | achieved tx/s | ok | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms"
                + " | service p99 ms | APPROVE / REVIEW / DECLINE |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (StepResult s : steps) {
            RunResult r = s.run();
            LatencyStats l = r.latency();
            b.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %d | %d | %s | %s | %s | %s | %s | %s | %d / %d / %d |%n",
                    r.target(), r.offeredRate(), r.achievedRate(), r.ok(), r.errorCount(), ms(l.count(), l.p50()),
                    ms(l.count(), l.p90()), ms(l.count(), l.p99()), ms(l.count(), l.p999()), ms(l.count(), l.max()),
                    ms(r.serviceTime().count(), r.serviceTime().p99()), r.decisions().getOrDefault(Decision.APPROVE, 0L),
                    r.decisions().getOrDefault(Decision.REVIEW, 0L), r.decisions().getOrDefault(Decision.DECLINE, 0L)));
        }
        b.append('\n');

        List<StepResult> sagaSteps = steps.stream().filter(s -> s.saga() != SagaStats.NOT_MEASURED).toList();
        b.append("### Saga completion\n\n");
        if (sagaSteps.isEmpty()) {
            b.append("Not measured (no decision listener on `vigil.decisions`).\n\n");
        } else {
            b.append("From each request's intended send time to the publication of its decision on"
                    + " `vigil.decisions` (record timestamp). REVIEW sagas park until an analyst resolves the case:"
                    + " they are counted, not waited for. A request the generator gave up on (a timeout) may still be"
                    + " decided: its saga counts among the completed, and apart in the last column.\n\n");
            b.append("| offered tx/s | completed | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | parked REVIEW"
                    + " | REVIEW resolved | missing | of them after a failed request |\n");
            b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (StepResult s : sagaSteps) {
                LatencyStats l = s.saga().completion();
                b.append(String.format(Locale.ROOT, "| %.0f | %d | %s | %s | %s | %s | %s | %d | %d | %d | %d |%n",
                        s.run().offeredRate(), l.count(), ms(l.count(), l.p50()), ms(l.count(), l.p90()),
                        ms(l.count(), l.p99()), ms(l.count(), l.p999()), ms(l.count(), l.max()),
                        s.saga().parkedForReview(), s.saga().reviewResolved(), s.saga().missing(),
                        s.saga().afterFailedRequest()));
            }
            b.append('\n');
        }

        b.append("### Errors\n\n");
        List<String> errorRows = new ArrayList<>();
        for (StepResult s : steps) {
            s.run().errors().forEach((kind, count) -> errorRows.add(String.format(Locale.ROOT, "| %s | %.0f | %s | %d |",
                    s.run().target(), s.run().offeredRate(), kind, count)));
        }
        if (errorRows.isEmpty()) {
            b.append("None.\n\n");
        } else {
            b.append("| target | offered tx/s | kind | count |\n|---|---:|---|---:|\n");
            errorRows.forEach(row -> b.append(row).append('\n'));
            b.append('\n');
        }

        appendWorstSeconds(b, steps);
        appendCpu(b, steps);
        appendCeiling(b, ctx, steps);
        if (ctx.plotFile() != null) {
            b.append("![Latency percentiles vs offered load](").append(ctx.plotFile()).append(")\n\n");
        }
        b.append(END).append('\n');
        return b.toString();
    }

    private static void appendWorstSeconds(StringBuilder b, List<StepResult> steps) {
        b.append("### Worst seconds\n\n");
        if (steps.stream().allMatch(s -> s.run().worstSeconds().isEmpty())) {
            b.append(String.format(Locale.ROOT, "No arrival failed or took over %d ms.%n%n", TARGET_P99_MICROS / 1000));
            return;
        }
        b.append(String.format(Locale.ROOT, "Per step, the seconds of the schedule (by intended send time) with the most"
                + " arrivals that failed or were answered in over %d ms: where a tail comes from, with the time (UTC) to"
                + " set beside the services' logs.%n%n", TARGET_P99_MICROS / 1000));
        b.append(String.format(Locale.ROOT, "| target | offered tx/s | second | at (UTC) | answered | failed | over %d ms"
                + " | max ms |%n|---|---:|---:|---|---:|---:|---:|---:|%n", TARGET_P99_MICROS / 1000));
        for (StepResult s : steps) {
            for (Timeline.Second second : s.run().worstSeconds()) {
                b.append(String.format(Locale.ROOT, "| %s | %.0f | %d | %s | %d | %d | %d | %.1f |%n",
                        s.run().target(), s.run().offeredRate(), second.second(), second.clock(), second.ok(),
                        second.errors(), second.slow(), second.maxMicros() / 1000.0));
            }
        }
        b.append('\n');
    }

    private static void appendCpu(StringBuilder b, List<StepResult> steps) {
        b.append("### CPU\n\n");
        b.append("CPU seconds per process during each step (from `/proc/<pid>/stat` utime+stime, children included),"
                + " then the platform's average busy cores and its throughput per core (successful transactions per"
                + " platform CPU-second, generator excluded). The rows *of which* are parts of the rows above: the"
                + " JVMs' JIT compiler threads, still compiling if the warm-up ended before they were quiet, and the"
                + " PostgreSQL backends of each database. The *machine* rows, from `/proc/stat`, are what else took the"
                + " cores: other processes (and kernel work charged to none), and time the host gave to other guests"
                + " while this one had work (steal).\n\n");
        Set<String> processes = new LinkedHashSet<>();
        steps.forEach(s -> processes.addAll(s.cpu().seconds().keySet()));
        appendPerProcess(b, steps, processes,
                (s, p) -> String.format(Locale.ROOT, "%.2f", s.cpu().seconds().getOrDefault(p, 0.0)));
        Set<String> parts = new TreeSet<>();
        steps.forEach(s -> parts.addAll(s.cpu().parts().keySet()));
        for (String part : parts) {
            appendRow(b, steps, "*of which* " + part,
                    s -> String.format(Locale.ROOT, "%.2f", s.cpu().parts().getOrDefault(part, 0.0)));
        }
        b.append("| **platform cores busy** |");
        steps.forEach(s -> b.append(String.format(Locale.ROOT, " %.2f |", s.cpu().platformCores())));
        b.append("\n| **tx per platform CPU-second** |");
        steps.forEach(s -> b.append(String.format(Locale.ROOT, " %.0f |", s.cpu().perCore(s.run().ok()))));
        b.append('\n');
        if (!steps.isEmpty() && steps.stream().allMatch(s -> s.cpu().machineKnown())) {
            // What else took the cores (from /proc/stat): a slow step on a busy or stolen-from machine says so.
            appendRow(b, steps, "machine: cores used by other processes",
                    s -> String.format(Locale.ROOT, "%.2f", s.cpu().otherCores()));
            appendRow(b, steps, "machine: cores stolen by the host",
                    s -> String.format(Locale.ROOT, "%.2f", s.cpu().stolenCores()));
        }
        b.append('\n');
        appendWakeUps(b, steps, processes);
        if (processes.stream().noneMatch(p -> !p.equals(CpuAccounting.POSTGRESQL) && !p.equals(CpuAccounting.GENERATOR))) {
            b.append("No platform processes were found in `.vigil/run/platform.properties`: only PostgreSQL and the"
                    + " generator are counted.\n\n");
        }
    }

    private static void appendWakeUps(StringBuilder b, List<StepResult> steps, Set<String> processes) {
        b.append("Wake-ups per successful transaction: voluntary context switches of each process's threads (from"
                + " `/proc/<pid>/task/<tid>/status`), each a thread put back on a core by a socket, lock or timer."
                + " Unlike CPU time they hardly move with the machine's speed.\n\n");
        appendPerProcess(b, steps, processes,
                (s, p) -> String.format(Locale.ROOT, "%.1f", s.cpu().wakeUpsPer(p, s.run().ok())));
        b.append("| **platform** |");
        steps.forEach(s -> b.append(String.format(Locale.ROOT, " %.1f |", s.cpu().wakeUpsPer(s.run().ok()))));
        b.append("\n\n");
    }

    /** A table with a column per step and a row per process, without its closing rows. */
    private static void appendPerProcess(StringBuilder b, List<StepResult> steps, Set<String> processes,
            BiFunction<StepResult, String, String> cell) {
        b.append("| process |");
        steps.forEach(s -> b.append(String.format(Locale.ROOT, " %s %.0f |", s.run().target(), s.run().offeredRate())));
        b.append("\n|---|");
        steps.forEach(s -> b.append("---:|"));
        b.append('\n');
        for (String p : processes) {
            appendRow(b, steps, p, s -> cell.apply(s, p));
        }
    }

    private static void appendRow(StringBuilder b, List<StepResult> steps, String label,
            Function<StepResult, String> cell) {
        b.append("| ").append(label).append(" |");
        steps.forEach(s -> b.append(' ').append(cell.apply(s)).append(" |"));
        b.append('\n');
    }

    private static void appendCeiling(StringBuilder b, ReportContext ctx, List<StepResult> steps) {
        boolean both = steps.stream().anyMatch(s -> s.run().target().equals("hops"))
                && steps.stream().anyMatch(s -> s.run().target().equals("platform"));
        if (steps.size() > 1 || both) {
            b.append("### Saturation\n\n");
            b.append(String.format(Locale.ROOT, "A rate is sustained when at least 95 %% of it is achieved with at most"
                    + " 1 %% errors and a synchronous p99 within %.0f ms. Highest sustained rate: ",
                    ctx.sloP99Micros() / 1000.0));
            appendHighestRates(b, steps, ctx.sloP99Micros(), both);
            b.append(String.format(Locale.ROOT, ". Within the performance target's p99 of %.0f ms: ",
                    TARGET_P99_MICROS / 1000.0));
            appendHighestRates(b, steps, TARGET_P99_MICROS, both);
            b.append(".\n\n");
        }
        if (!both) {
            return;
        }
        b.append("Platform vs the bare hop chain (gateway → enrichment → ml-engine with trivial handlers and a Kafka"
                + " publish), measured alternately in the same run:\n\n");
        b.append("| offered tx/s | platform achieved | hops achieved | achieved ratio | platform p99 ms | hops p99 ms"
                + " | p99 ratio |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (StepResult p : steps) {
            if (!p.run().target().equals("platform")) {
                continue;
            }
            steps.stream()
                    .filter(h -> h.run().target().equals("hops") && h.run().offeredRate() == p.run().offeredRate())
                    .findFirst()
                    .ifPresent(h -> b.append(String.format(Locale.ROOT, "| %.0f | %.1f | %.1f | %s | %s | %s | %s |%n",
                            p.run().offeredRate(), p.run().achievedRate(), h.run().achievedRate(),
                            ratio(p.run().achievedRate(), h.run().achievedRate()),
                            ms(p.run().latency().count(), p.run().latency().p99()),
                            ms(h.run().latency().count(), h.run().latency().p99()),
                            ratio(p.run().latency().p99(), h.run().latency().p99()))));
        }
        b.append('\n');
    }

    static Optional<Double> maxSustained(List<StepResult> steps, String target, long sloP99Micros) {
        return steps.stream()
                .filter(s -> s.run().target().equals(target) && s.sustained(sloP99Micros))
                .map(s -> s.run().offeredRate())
                .max(Double::compare);
    }

    /**
     * "platform 500 tx/s, hop chain 1000 tx/s (platform/ceiling 0.50)", the hop chain only when it was measured. A
     * target that held the highest rate it was offered may hold more: its rate is then a bound ("≥"), and so is
     * the ratio, or no ratio follows when both held their highest.
     */
    private static void appendHighestRates(StringBuilder b, List<StepResult> steps, long p99Micros, boolean both) {
        Optional<Double> platform = maxSustained(steps, "platform", p99Micros);
        boolean platformAtTop = atTop(steps, "platform", platform);
        b.append("platform ").append(rate(platform, platformAtTop));
        if (both) {
            Optional<Double> hops = maxSustained(steps, "hops", p99Micros);
            boolean hopsAtTop = atTop(steps, "hops", hops);
            b.append(", hop chain ").append(rate(hops, hopsAtTop));
            if (platform.isPresent() && hops.isPresent()) {
                if (platformAtTop && hopsAtTop) {
                    b.append(" (platform/ceiling not bounded: both held the highest rate offered)");
                } else {
                    b.append(String.format(Locale.ROOT, " (platform/ceiling %s%.2f)",
                            hopsAtTop ? "≤ " : platformAtTop ? "≥ " : "", platform.get() / hops.get()));
                }
            }
        }
    }

    private static boolean atTop(List<StepResult> steps, String target, Optional<Double> sustained) {
        return sustained.isPresent() && steps.stream()
                .filter(s -> s.run().target().equals(target))
                .allMatch(s -> s.run().offeredRate() <= sustained.get());
    }

    private static String rate(Optional<Double> rate, boolean atLeast) {
        return rate.map(r -> String.format(Locale.ROOT, "%s%.0f tx/s", atLeast ? "≥ " : "", r)).orElse("none");
    }

    /** Milliseconds with two decimals, or a dash when nothing was recorded. */
    static String ms(long count, long micros) {
        return count == 0 ? "–" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    private static String ratio(double a, double b) {
        return b > 0 && a > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "–";
    }

    /**
     * Puts the section into the file: replaces an earlier section between the markers, or appends it (creating the
     * file with a title when it does not exist).
     */
    public static void write(Path file, String section) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file) : TITLE;
        int begin = existing.indexOf(BEGIN);
        int end = existing.indexOf(END);
        String updated;
        if (begin >= 0 && end > begin) {
            updated = existing.substring(0, begin) + section + existing.substring(end + END.length()).replaceFirst("^\n", "");
        } else {
            updated = existing + (existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, updated);
    }
}
