package com.merchantinsights.cli;

import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.RunningStack;
import com.merchantinsights.stack.StackConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the whole system, loads the sample data, proves it answers, then runs until Ctrl-C or {@code down}. */
@Command(name = "up", description = "Start the whole system with sample data; stays in the foreground (Ctrl-C stops it).")
final class UpCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(names = "--zone", defaultValue = "Asia/Kolkata", description = "Platform default time zone (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--etl-interval", defaultValue = "PT5M", description = "Cube refresh schedule, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration etlInterval;

    @Option(names = "--no-sample", description = "Do not load the sample data set.")
    boolean noSample;

    @Override
    public Integer call() {
        StackConfig config = stack.config(zone, etlInterval);
        if (RunningStack.anyAlive(config.workDir())) {
            System.err.println("The stack in " + config.workDir() + " is already running (see `bin/insights status`).");
            return 1;
        }
        Instant started = Instant.now();
        Progress progress = Progress.console(System.out);
        LocalSystem system = LocalSystem.start(config, progress);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping…");
            system.close();
            stopped.countDown();
        }, "insights-stop"));
        SampleLoad.Proof proof = noSample ? null : SampleLoad.loadAndAwait(system, Instant.now(), Duration.ofMinutes(3), progress);
        Duration took = Duration.between(started, Instant.now());
        printReady(system, proof, took);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void printReady(LocalSystem system, SampleLoad.Proof proof, Duration took) {
        String gateway = system.services().gatewayUri().toString();
        String key = system.secrets().platformKey();
        System.out.printf("%nMerchant Insights is ready (%.1f s).%n", took.toMillis() / 1000.0);
        if (proof != null) {
            System.out.printf("  sample check: %s had %d orders from %s to %s%n", proof.merchantId(), proof.orders(), proof.from(), proof.to());
        }
        System.out.println("  gateway:      " + gateway + "   (platform key in " + system.config().workDir().resolve("secrets/platform.key") + ")");
        System.out.println("  dashboard:    " + gateway + "/dashboard/   (log in with a merchant-read key: bin/insights keys create"
                + " --scope merchant-read --merchant " + (proof == null ? "m_demo" : proof.merchantId()) + ")");
        System.out.println("  logs:         " + system.config().workDir().resolve("logs"));
        System.out.println("  try:          curl -H 'Authorization: Bearer " + key + "' '" + gateway
                + "/v1/insights/timeseries?merchant_id=" + (proof == null ? "m_demo" : proof.merchantId()) + "&metric=orders&granularity=day&from="
                + (proof == null ? "2026-11-01" : proof.from()) + "&to=" + (proof == null ? "2026-11-30" : proof.to()) + "'");
        System.out.println("Press Ctrl-C to stop (or run `bin/insights down` from another terminal).");
    }
}
