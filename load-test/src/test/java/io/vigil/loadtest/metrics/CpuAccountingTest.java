package io.vigil.loadtest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuAccountingTest {

    @TempDir
    Path dir;

    @Test
    void aStatLineIsParsedAfterTheLastParenthesisOfTheCommandName() {
        ProcStat s = ProcStat.parse("4242 (java (my) app) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 89 10 20 0 40 0"
                + " 100 200000 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0");

        assertEquals(4242, s.pid());
        assertEquals("java (my) app", s.comm());
        assertEquals(1, s.ppid());
        assertEquals(1234, s.utime());
        assertEquals(567, s.stime());
        assertEquals(89, s.cutime());
        assertEquals(10, s.cstime());
        assertEquals(1234 + 567 + 89 + 10, s.ticks());
    }

    @Test
    void aLineThatIsNotAStatLineIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("hello"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("1 (x) S 1 2"));
    }

    @Test
    void theOwnProcessCanBeRead() {
        ProcStat self = ProcStat.read(Path.of("/proc"), ProcessHandle.current().pid()).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), self.pid());
        assertTrue(self.ticks() >= 0);
    }

    @Test
    void onlyRecordedPidsThatCarryTheInstanceMarkerAreAccountedFor() throws IOException {
        proc(101, "java", 0, 0, "java\0-Dvigil.instance=abc\0-jar\0gateway.jar");
        proc(102, "java", 0, 0, "java\0-Dvigil.instance=other\0-jar\0kafka");
        Path state = dir.resolve("platform.properties");
        Files.writeString(state, "marker=-Dvigil.instance\\=abc\ngateway=101\nkafka=102\nml-engine=103\n"
                + "postgres.private=false\n");

        assertEquals(Map.of("gateway", 101L), CpuAccounting.platformPids(state, dir.resolve("proc")));
        assertEquals(Map.of(), CpuAccounting.platformPids(dir.resolve("absent.properties"), dir.resolve("proc")));
    }

    @Test
    void cpuSecondsPerGroupIncludePostgresBackendsAndTheTimeOfReapedOnes() throws IOException {
        long self = 300;
        proc(101, "java", 500, 0, "java");
        proc(201, "postgres", 100, 0, "postgres -D /data");
        proc(202, "postgres", 40, 0, "postgres: vigil_saga");
        proc(self, "java", 10, 0, "bench");
        CpuAccounting cpu = new CpuAccounting(dir.resolve("proc"), Map.of("gateway", 101L), self, 100);
        CpuAccounting.Snapshot before = cpu.snapshot();

        // The gateway spent 2 s; backend 202 spent 0.3 s more and exited: the postmaster reaped its 0.7 s in
        // total (cutime); a new backend 203 spent 0.5 s; the generator 0.1 s.
        proc(101, "java", 700, 0, "java");
        proc(201, "postgres", 100, 70, "postgres -D /data");
        Files.walk(dir.resolve("proc/202")).sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        proc(203, "postgres", 50, 0, "postgres: vigil_gateway");
        proc(self, "java", 20, 0, "bench");
        CpuUsage usage = cpu.between(before, cpu.snapshot());

        assertEquals(2.0, usage.seconds().get("gateway"), 1e-9);
        assertEquals(0.3 + 0.5, usage.seconds().get(CpuAccounting.POSTGRESQL), 1e-9);
        assertEquals(0.1, usage.generatorSeconds(), 1e-9);
        assertEquals(2.8, usage.platformSeconds(), 1e-9);
        assertEquals(1000 / 2.8, usage.perCore(1000), 1e-9);
    }

    @Test
    void theMachinesBusyAndStolenTimeComeFromProcStatBesideTheGroups() throws IOException {
        long self = 300;
        proc(101, "java", 0, 0, "java");
        proc(self, "java", 0, 0, "bench");
        machine(1000, 10, 300, 5000, 40, 5, 15, 20);
        CpuAccounting cpu = new CpuAccounting(dir.resolve("proc"), Map.of("gateway", 101L), self, 100);
        CpuAccounting.Snapshot before = cpu.snapshot();

        // Over 2 s the machine was busy 3.0 s (user 2.0, nice 0.1, system 0.6, irq 0.1, softirq 0.2; idle and
        // iowait do not count), the gateway 1.5 s of it and the generator 0.5 s; the host took 0.3 s.
        proc(101, "java", 150, 0, "java");
        proc(self, "java", 50, 0, "bench");
        machine(1200, 20, 360, 5100, 90, 15, 35, 50);
        CpuAccounting.Snapshot after = cpu.snapshot();
        CpuUsage usage = cpu.between(before, new CpuAccounting.Snapshot(after.ticks(), after.wakeUps(),
                after.partTicks(), after.machineTicks(), before.nanoTime() + 2_000_000_000L));

        assertTrue(usage.machineKnown());
        assertEquals(3.0, usage.machine().get(CpuAccounting.MACHINE_BUSY), 1e-9);
        assertEquals((3.0 - 1.5 - 0.5) / 2, usage.otherCores(), 1e-9);
        assertEquals(0.3 / 2, usage.stolenCores(), 1e-9);
    }

    @Test
    void withoutProcStatTheMachineIsUnknownAndNothingIsAttributedToIt() throws IOException {
        proc(101, "java", 0, 0, "java");
        CpuAccounting cpu = new CpuAccounting(dir.resolve("proc"), Map.of("gateway", 101L), 300, 100);

        CpuUsage usage = cpu.between(cpu.snapshot(), cpu.snapshot());

        assertFalse(usage.machineKnown());
        assertEquals(0, usage.otherCores());
        assertEquals(0, usage.stolenCores());
    }

    @Test
    void wakeUpsAreTheVoluntarySwitchesOfEveryThreadPerGroup() throws IOException {
        long self = 300;
        proc(101, "java", 0, 0, "java");
        switches(101, 1, 10, 900);
        switches(101, 2, 5, 7);
        proc(201, "postgres", 0, 0, "postgres -D /data");
        switches(201, 201, 3, 0);
        proc(202, "postgres", 0, 0, "postgres: vigil_saga");
        switches(202, 202, 100, 4);
        proc(self, "java", 0, 0, "bench");
        switches(self, 9, 50, 0);
        CpuAccounting cpu = new CpuAccounting(dir.resolve("proc"), Map.of("gateway", 101L), self, 100);
        CpuAccounting.Snapshot before = cpu.snapshot();

        // The gateway's threads woke 40 and 2 times (involuntary switches do not count), a new thread 6 times;
        // backend 202 woke 20 times; the generator 5 times.
        switches(101, 1, 50, 2_000);
        switches(101, 2, 7, 7);
        switches(101, 3, 6, 0);
        switches(202, 202, 120, 4);
        switches(self, 9, 55, 0);
        CpuUsage usage = cpu.between(before, cpu.snapshot());

        assertEquals(48, usage.wakeUps().get("gateway"));
        assertEquals(20, usage.wakeUps().get(CpuAccounting.POSTGRESQL));
        assertEquals(5, usage.wakeUps().get(CpuAccounting.GENERATOR));
        assertEquals(68, usage.platformWakeUps());
        assertEquals(6.8, usage.wakeUpsPer(10), 1e-9);
    }

    @Test
    void jitCompilerSecondsCountOnlyTheCompilerThreadsOfPlatformProcesses() throws IOException {
        proc(101, "java", 0, 0, "java");
        thread(101, 1, "java", 900);
        thread(101, 2, "C2 CompilerThre", 300);
        thread(101, 3, "C1 CompilerThre", 50);
        thread(101, 4, "executor-thread", 700);
        proc(102, "java", 0, 0, "java");
        thread(102, 7, "C2 CompilerThre", 20);
        proc(103, "java", 0, 0, "bench");
        thread(103, 8, "C2 CompilerThre", 999);
        CpuAccounting cpu = new CpuAccounting(dir.resolve("proc"), Map.of("gateway", 101L, "saga", 102L,
                "gone", 104L), 103, 100);

        assertEquals(3.7, cpu.jitCompilerSeconds(), 1e-9);
    }

    @Test
    void theJitCompilersAndEachDatabasesBackendsAreReportedAsPartsOfTheirGroups() throws IOException {
        long self = 300;
        proc(101, "java", 0, 0, "java");
        thread(101, 1, "C2 CompilerThre", 100);
        proc(201, "postgres", 0, 0, "/usr/lib/postgresql/15/bin/postgres -D /data");
        proc(202, "postgres", 0, 0, "postgres: 15/main: postgres vigil_gateway 127.0.0.1(40000) idle");
        proc(203, "postgres", 0, 0, "postgres: 15/main: postgres vigil_saga 127.0.0.1(40002) idle");
        proc(204, "postgres", 0, 0, "postgres: 15/main: walwriter ");
        proc(self, "java", 0, 0, "bench");
        CpuAccounting cpu = new CpuAccounting(dir.resolve("proc"), Map.of("gateway", 101L), self, 100);
        CpuAccounting.Snapshot before = cpu.snapshot();

        // The compiler thread spent 0.4 s; backends 0.3 s for vigil_gateway and 0.1 s for vigil_saga, a new one
        // 0.2 s for vigil_gateway; the WAL writer 0.5 s, which belongs to no database.
        thread(101, 1, "C2 CompilerThre", 140);
        proc(202, "postgres", 30, 0, "postgres: 15/main: postgres vigil_gateway 127.0.0.1(40000) INSERT");
        proc(203, "postgres", 10, 0, "postgres: 15/main: postgres vigil_saga 127.0.0.1(40002) idle");
        proc(205, "postgres", 20, 0, "postgres: 15/main: postgres vigil_gateway 127.0.0.1(40004) idle");
        proc(204, "postgres", 50, 0, "postgres: 15/main: walwriter ");
        CpuUsage usage = cpu.between(before, cpu.snapshot());

        assertEquals(0.4, usage.jitSeconds(), 1e-9);
        assertEquals(0.5, usage.parts().get(CpuAccounting.DATABASE_PART + "vigil_gateway"), 1e-9);
        assertEquals(0.1, usage.parts().get(CpuAccounting.DATABASE_PART + "vigil_saga"), 1e-9);
        assertEquals(3, usage.parts().size());
        assertEquals(1.1, usage.seconds().get(CpuAccounting.POSTGRESQL), 1e-9);
    }

    @Test
    void aBackendsDatabaseIsReadFromTheCommandLinePostgresqlDisplays() {
        assertEquals(Optional.of("vigil_saga"),
                CpuAccounting.database("postgres: 15/main: postgres vigil_saga 127.0.0.1(5432) idle in transaction"));
        assertEquals(Optional.of("vigil_saga"), CpuAccounting.database("postgres: app vigil_saga [local] SELECT"));
        assertEquals(Optional.empty(), CpuAccounting.database("postgres: 15/main: checkpointer "));
        assertEquals(Optional.empty(), CpuAccounting.database("postgres: 15/main: logical replication launcher "));
        assertEquals(Optional.empty(), CpuAccounting.database("/usr/lib/postgresql/15/bin/postgres -D /data"));
    }

    private void thread(long pid, long tid, String comm, long utime) throws IOException {
        Path t = dir.resolve("proc").resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid));
        Files.createDirectories(t);
        Files.writeString(t.resolve("stat"), tid + " (" + comm + ") S 1 1 1 0 -1 0 0 0 0 0 " + utime + " 0 0 0 20 0 1 0"
                + " 100 0 0");
    }

    private void switches(long pid, long tid, long voluntary, long involuntary) throws IOException {
        Path t = dir.resolve("proc").resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid));
        Files.createDirectories(t);
        Files.writeString(t.resolve("status"), "Name:\tjava\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t"
                + voluntary + "\nnonvoluntary_ctxt_switches:\t" + involuntary + "\n");
    }

    /** The machine's line of /proc/stat, in clock ticks; guest columns follow steal and are left at zero. */
    private void machine(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal)
            throws IOException {
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/stat"), String.join(" ", "cpu ", Long.toString(user), Long.toString(nice),
                Long.toString(system), Long.toString(idle), Long.toString(iowait), Long.toString(irq),
                Long.toString(softirq), Long.toString(steal), "0", "0") + "\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1\n");
    }

    private void proc(long pid, String comm, long utime, long cutime, String cmdline) throws IOException {
        Path p = dir.resolve("proc").resolve(Long.toString(pid));
        Files.createDirectories(p);
        Files.writeString(p.resolve("stat"), pid + " (" + comm + ") S 1 1 1 0 -1 0 0 0 0 0 " + utime + " 0 " + cutime
                + " 0 20 0 1 0 100 0 0");
        Files.writeString(p.resolve("cmdline"), cmdline);
    }
}
