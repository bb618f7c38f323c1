package com.merchantinsights.bench;

import com.merchantinsights.stack.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench/run chaos [minutes] [events-per-second]} (issue 21): the full chaos run, {@link ChaosRun}, on three-node
 * Kafka and Cassandra under {@code bench/target/chaos} (ports +800): 15 minutes at 1,000 events/s by default. Ends
 * with the verdict's RESULT line; exits 1 when it does not hold. {@code BENCH_JAVA_OPTS=-Dbench.chaosNodes=1} runs it on
 * single-node engines, {@code -Dbench.chaosFaults=POSTGRES_CRASHED,…} only the faults named.
 */
public final class ChaosBenchmark {
    static final int PORT_OFFSET = 800;

    private ChaosBenchmark() {}

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 1_000;
        int nodes = Integer.getInteger("bench.chaosNodes", 3);
        Path workDir = Path.of(System.getProperty("insights.home", "."), "bench", "target", "chaos")
                .toAbsolutePath();
        String loadBefore = PipelineReport.loadAverage();
        long stealBefore = CpuShares.stealNanos();
        ChaosRun.Settings full = ChaosRun.Settings.full(workDir, PORT_OFFSET, Duration.ofMinutes(minutes), rate);
        // -Dbench.chaosFaults=A,B (BENCH_JAVA_OPTS): only these faults, for working on one of them.
        List<ChaosFault> faults = System.getProperty("bench.chaosFaults") == null
                ? full.faults()
                : Arrays.stream(System.getProperty("bench.chaosFaults").split(","))
                        .map(ChaosFault::valueOf)
                        .toList();
        ChaosRun.Settings settings = new ChaosRun.Settings(workDir, PORT_OFFSET, nodes, full.load(), rate, faults);
        long t0 = System.nanoTime();
        ChaosVerdict verdict = ChaosRun.run(settings, Progress.console(System.out));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("faults: " + String.join("; ", verdict.faults()));
        System.out.printf(
                "load average before %s, after %s; steal %.2f s over %.0f s%n",
                loadBefore, PipelineReport.loadAverage(), (CpuShares.stealNanos() - stealBefore) / 1e9, seconds);
        System.out.println(verdict.resultLine());
        System.exit(verdict.holds() ? 0 : 1);
    }
}
