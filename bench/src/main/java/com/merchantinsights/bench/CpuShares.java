package com.merchantinsights.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the machine's CPU went during a phase, in cores: the Kafka broker, the other engines, our services, the load
 * generator, and everything outside this benchmark. The load generator runs in the services' JVM, so it is told
 * apart by its thread names ({@link #CLIENT_THREAD_PREFIX}); every thread it uses carries that prefix.
 */
final class CpuShares {
    static final String CLIENT_THREAD_PREFIX = "bench-client";
    /** The raw baseline's own producer: its I/O thread is named after the client id. */
    static final String RAW_PRODUCER_ID = "bench-client-raw-producer";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private final long wallNanos;
    private final long machineBusyNanos;
    private final long jvmNanos;
    private final long clientNanos;
    private final long jitNanos;
    private final long gcNanos;
    private final long stealNanos;
    private final Map<String, Long> engineNanos;

    private CpuShares(
            long wallNanos,
            long machineBusyNanos,
            long jvmNanos,
            long clientNanos,
            long jitNanos,
            long gcNanos,
            long stealNanos,
            Map<String, Long> engineNanos) {
        this.wallNanos = wallNanos;
        this.machineBusyNanos = machineBusyNanos;
        this.jvmNanos = jvmNanos;
        this.clientNanos = clientNanos;
        this.jitNanos = jitNanos;
        this.gcNanos = gcNanos;
        this.stealNanos = stealNanos;
        this.engineNanos = engineNanos;
    }

    static CpuShares now() {
        return now(List.of());
    }

    /**
     * As {@link #now()}, and also the engines that run as daemons rather than as this JVM's children (PostgreSQL under
     * pg_ctl): each root with its descendants and the children it reaped, such as PostgreSQL's connection backends,
     * which come and go within a phase.
     */
    static CpuShares now(Collection<ProcessHandle> daemons) {
        Map<String, Long> engines =
                new LinkedHashMap<>(Map.of("kafka", 0L, "cassandra", 0L, "postgres", 0L, "spark", 0L));
        ProcessHandle.current().descendants().forEach(p -> {
            String engine = engine(procFile(p.pid(), "cmdline").replace('\0', ' '));
            if (engine != null) {
                engines.merge(engine, processCpuNanos(p.pid()), Long::sum);
            }
        });
        for (ProcessHandle root : daemons) {
            String engine = engine(procFile(root.pid(), "cmdline").replace('\0', ' '));
            if (engine != null) {
                engines.merge(engine, withReapedChildren(root.pid()), Long::sum);
                root.descendants().forEach(p -> engines.merge(engine, withReapedChildren(p.pid()), Long::sum));
            }
        }
        long client = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith(CLIENT_THREAD_PREFIX)
                            || info.getThreadName().endsWith("| " + RAW_PRODUCER_ID))) {
                client += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long[] jitAndGc = jitAndGcNanos();
        long[] busyAndSteal = machineBusyAndSteal();
        return new CpuShares(
                System.nanoTime(), busyAndSteal[0], jvm, client, jitAndGc[0], jitAndGc[1], busyAndSteal[1], engines);
    }

    /** Which engine a command line runs, or null. */
    private static String engine(String command) {
        // The Spark driver first (or the ETL benchmark's Spark JVM): its class path names the PostgreSQL JDBC jar and
        // Kafka's client jars.
        return command.contains("LocalSparkDriver") || command.contains(RebuildProcess.MAIN_CLASS)
                ? "spark"
                : command.contains("kafka.Kafka")
                        ? "kafka"
                        : command.contains("CassandraDaemon")
                                ? "cassandra"
                                : command.contains("postgres") ? "postgres" : null;
    }

    /**
     * The JVM's compiler threads and garbage collector threads (not Java threads, so only /proc names them): a phase
     * whose JIT share is large was measured before the code it ran was compiled.
     */
    private static long[] jitAndGcNanos() {
        long[] nanos = new long[2];
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                String comm = procFile(task.resolve("comm")).strip();
                int kind = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                        ? 0
                        : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? 1 : -1;
                if (kind >= 0) {
                    nanos[kind] += cpuNanos(procFile(task.resolve("stat")));
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // not Linux: no split
        }
        return nanos;
    }

    /** Cores used over a phase, by part; "outside" is whatever else ran on the machine (another build, a test). */
    record Usage(
            double kafka,
            double services,
            double client,
            double otherEngines,
            double outside,
            double machine,
            double jit,
            double gc,
            double steal) {
        /** More than this of a core used outside the benchmark makes a phase's figures doubtful. */
        static final double DISTURBED = 0.10;

        /** Something else took CPU: another process, or the hypervisor for another machine on the host. */
        boolean disturbed() {
            return outside > DISTURBED || steal > DISTURBED;
        }

        @Override
        public String toString() {
            return String.format(
                    "cpu cores: kafka %.2f, services %.2f, load generator %.2f, cassandra+postgres %.2f, "
                            + "outside the benchmark %.2f (of which stolen by the hypervisor %.2f; machine busy %.2f of %d)%s",
                    kafka,
                    services,
                    client,
                    otherEngines,
                    outside,
                    steal,
                    machine,
                    Runtime.getRuntime().availableProcessors(),
                    disturbed() ? "  ** DISTURBED: something else ran; do not use these figures **" : "");
        }

        /** CPU microseconds per event, by part. */
        String perEvent(double eventsPerSecond) {
            return String.format(
                    "cpu per event: services %.2f us (of which JIT %.2f, GC %.2f), kafka %.2f us, "
                            + "load generator %.2f us",
                    services * 1e6 / eventsPerSecond,
                    jit * 1e6 / eventsPerSecond,
                    gc * 1e6 / eventsPerSecond,
                    kafka * 1e6 / eventsPerSecond,
                    client * 1e6 / eventsPerSecond);
        }
    }

    /** Cores used from {@code start} to this snapshot, by part. */
    Usage since(CpuShares start) {
        double seconds = (wallNanos - start.wallNanos) / 1e9;
        double kafka = cores(engineNanos.get("kafka") - start.engineNanos.get("kafka"), seconds);
        double otherEngines = cores(
                engineNanos.get("cassandra")
                        - start.engineNanos.get("cassandra")
                        + engineNanos.get("postgres")
                        - start.engineNanos.get("postgres"),
                seconds);
        double client = cores(clientNanos - start.clientNanos, seconds);
        double services = cores(jvmNanos - start.jvmNanos, seconds) - client;
        double machine = cores(machineBusyNanos - start.machineBusyNanos, seconds);
        double outside = Math.max(0, machine - kafka - otherEngines - client - services);
        return new Usage(
                kafka,
                services,
                client,
                otherEngines,
                outside,
                machine,
                cores(jitNanos - start.jitNanos, seconds),
                cores(gcNanos - start.gcNanos, seconds),
                cores(stealNanos - start.stealNanos, seconds));
    }

    /** CPU seconds one engine's processes ("kafka", "cassandra", "postgres", "spark") used since {@code start}. */
    double engineSeconds(String engine, CpuShares start) {
        return (engineNanos.get(engine) - start.engineNanos.get(engine)) / 1e9;
    }

    /** CPU seconds of the whole data path since {@code start}: Kafka, Cassandra, PostgreSQL and the Spark driver. */
    double dataPathSeconds(CpuShares start) {
        return engineSeconds("kafka", start)
                + engineSeconds("cassandra", start)
                + engineSeconds("postgres", start)
                + engineSeconds("spark", start);
    }

    /** Wall seconds since {@code start}. */
    double secondsSince(CpuShares start) {
        return (wallNanos - start.wallNanos) / 1e9;
    }

    /** Cores the whole machine was busy, and stolen by the hypervisor, since {@code start}. */
    double machineCores(CpuShares start) {
        return cores(machineBusyNanos - start.machineBusyNanos, secondsSince(start));
    }

    double stealCores(CpuShares start) {
        return cores(stealNanos - start.stealNanos, secondsSince(start));
    }

    /** CPU seconds this JVM used since {@code start}. */
    double jvmSeconds(CpuShares start) {
        return (jvmNanos - start.jvmNanos) / 1e9;
    }

    /** CPU seconds the machine's cores ran anything since {@code start}, the hypervisor's steal not counted. */
    double machineCpuSeconds(CpuShares start) {
        return (machineBusyNanos - start.machineBusyNanos - (stealNanos - start.stealNanos)) / 1e9;
    }

    /**
     * Waits until the machine's cores run less than {@code maxCores} (steal not counted) over one {@code window}, e.g.
     * Cassandra's compactions after a bulk load, or {@code timeout} passes; returns the last window's cores.
     */
    static double awaitQuiet(double maxCores, Duration window, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double cores;
        do {
            CpuShares start = now();
            Thread.sleep(window.toMillis());
            CpuShares end = now();
            cores = end.machineCpuSeconds(start) / end.secondsSince(start);
        } while (cores >= maxCores && System.nanoTime() < deadline);
        return cores;
    }

    private static double cores(long nanos, double seconds) {
        return nanos / 1e9 / seconds;
    }

    /** utime + stime of a process from /proc/PID/stat (ProcessHandle's command line is cut short for long class paths). */
    private static long processCpuNanos(long pid) {
        return cpuNanos(procFile(pid, "stat"));
    }

    /** utime + stime + cutime + cstime: a process's own CPU and that of the children it waited for. */
    private static long withReapedChildren(long pid) {
        String stat = procFile(pid, "stat");
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        String[] f = stat.substring(end + 2).trim().split("\\s+"); // f[0] is field 3 (state)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                * TICK_NANOS;
    }

    /** utime + stime from a /proc stat line (a process's or a thread's). */
    private static long cpuNanos(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        String[] f = stat.substring(end + 2).trim().split("\\s+"); // f[0] is field 3 (state)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
    }

    private static String procFile(long pid, String name) {
        return procFile(Path.of("/proc", Long.toString(pid), name));
    }

    private static String procFile(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // the process or thread ended
        }
    }

    /** The hypervisor's steal since boot, in nanoseconds (all cores). */
    static long stealNanos() {
        return machineBusyAndSteal()[1];
    }

    /**
     * Busy time of all cores since boot, and the part of it the hypervisor gave to other machines (steal), from the
     * first line of /proc/stat (user nice system idle iowait irq softirq steal); zeros where there is none.
     */
    private static long[] machineBusyAndSteal() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1])
                    + Long.parseLong(f[2])
                    + Long.parseLong(f[3])
                    + Long.parseLong(f[6])
                    + Long.parseLong(f[7])
                    + Long.parseLong(f[8]);
            return new long[] {busy * TICK_NANOS, Long.parseLong(f[8]) * TICK_NANOS};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }
}
