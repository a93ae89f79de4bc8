package io.vigil.loadtest.metrics;

import java.util.Map;

/**
 * CPU seconds and wake-ups per process group over a wall-clock interval.
 *
 * @param seconds CPU seconds by group, including {@link CpuAccounting#GENERATOR}
 * @param wakeUps voluntary context switches by group, including {@link CpuAccounting#GENERATOR}
 * @param parts CPU seconds of parts already counted in the groups: {@link CpuAccounting#JIT_COMPILERS} and
 *     {@link CpuAccounting#DATABASE_PART} + database
 * @param machine CPU seconds of the whole machine: {@link CpuAccounting#MACHINE_BUSY} and
 *     {@link CpuAccounting#MACHINE_STOLEN}; empty when unknown
 * @param wallSeconds length of the interval
 */
public record CpuUsage(Map<String, Double> seconds, Map<String, Long> wakeUps, Map<String, Double> parts,
        Map<String, Double> machine, double wallSeconds) {

    public static final CpuUsage NONE = new CpuUsage(Map.of(), Map.of(), Map.of(), Map.of(), 0);

    /** CPU seconds of everything but the load generator. */
    public double platformSeconds() {
        return withoutGenerator(seconds);
    }

    /** CPU seconds of the platform's JIT compiler threads, part of {@link #platformSeconds()}. */
    public double jitSeconds() {
        return parts.getOrDefault(CpuAccounting.JIT_COMPILERS, 0.0);
    }

    public double generatorSeconds() {
        return seconds.getOrDefault(CpuAccounting.GENERATOR, 0.0);
    }

    /** Average number of cores the platform kept busy. */
    public double platformCores() {
        return wallSeconds > 0 ? platformSeconds() / wallSeconds : 0;
    }

    /** Whether the machine's own figures were read, so {@link #otherCores()} and {@link #stolenCores()} are known. */
    public boolean machineKnown() {
        return machine.containsKey(CpuAccounting.MACHINE_BUSY);
    }

    /**
     * Average cores kept busy by neither the platform nor the generator: other programs on the machine, and the
     * kernel's work that no process is charged for. Never below zero: the groups' counts include reaped children.
     */
    public double otherCores() {
        double groups = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        double others = Math.max(0, machine.getOrDefault(CpuAccounting.MACHINE_BUSY, 0.0) - groups);
        return wallSeconds > 0 ? others / wallSeconds : 0;
    }

    /** Average cores' worth of time the host took from this machine while it had work. */
    public double stolenCores() {
        return wallSeconds > 0 ? machine.getOrDefault(CpuAccounting.MACHINE_STOLEN, 0.0) / wallSeconds : 0;
    }

    /** Wake-ups of everything but the load generator. */
    public long platformWakeUps() {
        return (long) withoutGenerator(wakeUps);
    }

    /** The sum over every group but the load generator. */
    private static double withoutGenerator(Map<String, ? extends Number> byGroup) {
        return byGroup.entrySet().stream()
                .filter(e -> !e.getKey().equals(CpuAccounting.GENERATOR))
                .mapToDouble(e -> e.getValue().doubleValue())
                .sum();
    }

    /** Platform wake-ups per transaction. */
    public double wakeUpsPer(long transactions) {
        return perTransaction(platformWakeUps(), transactions);
    }

    /** One group's wake-ups per transaction. */
    public double wakeUpsPer(String group, long transactions) {
        return perTransaction(wakeUps.getOrDefault(group, 0L), transactions);
    }

    private static double perTransaction(long count, long transactions) {
        return transactions > 0 ? (double) count / transactions : 0;
    }

    /** Transactions per platform CPU-second: the throughput one fully busy core would carry. */
    public double perCore(long transactions) {
        double s = platformSeconds();
        return s > 0 ? transactions / s : 0;
    }
}
