package com.merchantinsights.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/**
 * One timed rebuild: the wall clock from the call to its return, and the machine's CPU over that interval from
 * /proc/stat (steal not counted), with the parts of it the Spark JVM, Cassandra and PostgreSQL used. Events per
 * CPU-second is what one core does when the work has the machine to itself; events per second ÷ cores is the older,
 * plainer figure.
 *
 * @param cpuSeconds      every core's busy time over the rebuild, steal not counted
 * @param benchSeconds    the benchmark's own JVM (waiting for the answer)
 * @param outsideSeconds  the rest: kernel threads writing the engines' files back, and whatever else ran
 * @param stealCores      cores the hypervisor gave to other machines meanwhile
 * @param quietCores      the machine's use in the last window before the start (after the load's compactions)
 */
record RebuildMeasurement(
        RebuildProcess.Rebuilt rebuilt,
        double cpuSeconds,
        double sparkSeconds,
        double cassandraSeconds,
        double postgresSeconds,
        double benchSeconds,
        double outsideSeconds,
        double stealCores,
        double quietCores) {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final double QUIET_CORES = 0.15;

    /**
     * Waits for a quiet machine, then rebuilds {@code hours} and measures it.
     *
     * @param daemons engines that are not this JVM's children (PostgreSQL's postmaster)
     */
    static RebuildMeasurement of(RebuildProcess spark, Collection<Instant> hours, Collection<ProcessHandle> daemons)
            throws InterruptedException {
        double quiet = CpuShares.awaitQuiet(QUIET_CORES, Duration.ofSeconds(2), Duration.ofMinutes(3));
        CpuShares before = CpuShares.now(daemons);
        RebuildProcess.Rebuilt rebuilt = spark.rebuild(hours);
        CpuShares after = CpuShares.now(daemons);
        double cpu = after.machineCpuSeconds(before);
        double sparkCpu = after.engineSeconds("spark", before);
        double cassandra = after.engineSeconds("cassandra", before);
        double postgres = after.engineSeconds("postgres", before);
        double bench = after.jvmSeconds(before);
        return new RebuildMeasurement(
                rebuilt,
                cpu,
                sparkCpu,
                cassandra,
                postgres,
                bench,
                Math.max(0, cpu - sparkCpu - cassandra - postgres - bench),
                after.stealCores(before),
                quiet);
    }

    double wallSeconds() {
        return rebuilt.wallMs() / 1000.0;
    }

    double eventsPerSecond() {
        return rebuilt.events() / wallSeconds();
    }

    /** Events per CPU-second of the machine: the per-core rate. */
    double eventsPerCoreSecond() {
        return rebuilt.events() / cpuSeconds;
    }

    /** Events per second ÷ the machine's cores, as the benchmark reported before it read /proc/stat. */
    double eventsPerSecondPerCore() {
        return eventsPerSecond() / CORES;
    }

    double rowsPerEvent() {
        return (double) rebuilt.totalRows() / rebuilt.events();
    }

    double outsideCores() {
        return outsideSeconds / wallSeconds();
    }

    boolean disturbed() {
        return outsideCores() > CpuShares.Usage.DISTURBED || stealCores > CpuShares.Usage.DISTURBED;
    }

    String describe() {
        RebuildProcess.Rebuilt r = rebuilt;
        return String.format(
                Locale.ROOT,
                "%,d events → %,d rows (%.2f per event: %s) in %.1f s (Spark %.1f s, indexes %.1f s, "
                        + "logged and swapped %.1f s); CPU %.1f s (Spark %.1f, Cassandra %.1f, PostgreSQL %.1f, benchmark %.1f, "
                        + "other %.1f; "
                        + "steal %.2f cores; machine before the start %.2f cores): %,.0f events per CPU-second, %,.0f events/s, "
                        + "%,.0f events/s ÷ %d cores%s",
                r.events(),
                r.totalRows(),
                rowsPerEvent(),
                r.rows(),
                wallSeconds(),
                r.sparkMs() / 1000.0,
                r.indexMs() / 1000.0,
                r.loadMs() / 1000.0,
                cpuSeconds,
                sparkSeconds,
                cassandraSeconds,
                postgresSeconds,
                benchSeconds,
                outsideSeconds,
                stealCores,
                quietCores,
                eventsPerCoreSecond(),
                eventsPerSecond(),
                eventsPerSecondPerCore(),
                CORES,
                disturbed() ? "  ** DISTURBED: something else ran; do not use these figures **" : "");
    }
}
