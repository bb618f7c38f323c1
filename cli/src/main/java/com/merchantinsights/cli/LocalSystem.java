package com.merchantinsights.cli;

import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.SparkDriverProcess;
import com.merchantinsights.stack.StackConfig;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local system: engines as child processes, the Spark driver as a child JVM, the HTTP services in
 * this JVM. Used by {@code bin/insights up}, by the integration tests and by the benchmarks, so all three run
 * the same code.
 */
public final class LocalSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSystem.class);
    private final StackConfig config;
    private final LocalSecrets secrets;
    private final LocalEngines engines;
    private final SparkDriverProcess spark;
    private final LocalServices services;
    private final PrintWriter err;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private LocalSystem(
            StackConfig config,
            LocalSecrets secrets,
            LocalEngines engines,
            SparkDriverProcess spark,
            LocalServices services,
            PrintWriter err) {
        this.config = config;
        this.secrets = secrets;
        this.engines = engines;
        this.spark = spark;
        this.services = services;
        this.err = err;
    }

    /** As {@link #start(StackConfig, Progress, PrintWriter)}, for callers without a command: tests and benchmarks. */
    public static LocalSystem start(StackConfig config, Progress progress) {
        return start(config, progress, standardError());
    }

    /**
     * As {@link #start(StackConfig, Progress)} with a choice of pseudonyms: {@link LocalSecrets.Pseudonyms#OFF} for a
     * test that compares the identifiers stored with those it sent.
     */
    public static LocalSystem start(StackConfig config, Progress progress, LocalSecrets.Pseudonyms pseudonyms) {
        return start(config, progress, standardError(), pseudonyms);
    }

    /**
     * Starts everything, publishing pseudonyms as the work directory was made ({@link LocalSecrets.Pseudonyms#DEFAULT}:
     * a new one does); a part that later fails to stop is one line on {@code err} (the command's picocli writer).
     */
    public static LocalSystem start(StackConfig config, Progress progress, PrintWriter err) {
        return start(config, progress, err, LocalSecrets.Pseudonyms.DEFAULT);
    }

    /** As {@link #start(StackConfig, Progress, PrintWriter)}, with pseudonyms on, off or as the work directory was made. */
    public static LocalSystem start(
            StackConfig config, Progress progress, PrintWriter err, LocalSecrets.Pseudonyms pseudonyms) {
        java.util.Optional<String> warning = LocalSecrets.pseudonymWarning(config.workDir(), pseudonyms);
        LocalSecrets secrets = LocalSecrets.loadOrCreate(config.workDir(), pseudonyms);
        progress.step(
                "pseudonyms",
                secrets.pseudonymKey()
                                .map(key -> "customer and anonymous ids stored as pseudonyms (key " + key.keyId()
                                        + " in " + LocalSecrets.pseudonymKeyFile(config.workDir()) + ")")
                                .orElse("customer and anonymous ids stored as sent")
                        + warning.map(text -> "; " + text).orElse(""));
        LocalEngines engines = LocalEngines.start(config, progress);
        // The Spark driver takes the longest to start; the services start meanwhile.
        CompletableFuture<SparkDriverProcess> spark =
                CompletableFuture.supplyAsync(() -> SparkDriverProcess.start(config, engines, progress));
        LocalServices services;
        try {
            services = LocalServices.start(config, engines, secrets);
            progress.step(
                    "services",
                    "gateway, events-api, insights-api ready on ports "
                            + config.ports().gateway() + ", " + config.ports().eventsApi() + ", "
                            + config.ports().insightsApi());
        } catch (RuntimeException | Error e) {
            // Whatever went wrong, leave no engine behind: the caller never gets a handle to close them.
            spark.thenAccept(SparkDriverProcess::close);
            engines.close();
            throw e;
        }
        try {
            LocalSystem system = new LocalSystem(config, secrets, engines, spark.join(), services, err);
            engines.stopOnExitThrough(system); // at exit too: services, then the driver, then the engines
            return system;
        } catch (CompletionException e) {
            services.close(err);
            engines.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public StackConfig config() {
        return config;
    }

    public LocalSecrets secrets() {
        return secrets;
    }

    public LocalEngines engines() {
        return engines;
    }

    public SparkDriverProcess spark() {
        return spark;
    }

    public LocalServices services() {
        return services;
    }

    /** A client of the gateway with the bootstrap platform key. */
    public GatewayClient platformClient() {
        return new GatewayClient(services.gatewayUri(), secrets.platformKey());
    }

    /**
     * Services first (no more writes), then the Spark driver, then the engines; once, by whoever asks first (the
     * stack's exit hook, {@code up}'s own hook, a failed start), and whoever asks meanwhile waits until it is done. A
     * part that fails to stop is one line on {@code err} (the terminal), its story in the log, and the next part
     * stops anyway.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            stopPart("services", () -> services.close(err), err);
            stopPart("spark-driver", spark::close, err);
            stopPart("engines", engines::close, err);
        } finally {
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void stopPart(String part, Runnable stop, PrintWriter err) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            LOG.warn("stopping {} failed", part, e);
            err.println("stopping " + part + " failed: " + UpCommand.firstLine(e));
            err.flush();
        }
    }

    /** Where a part's failure to stop goes when no command gave a writer: standard error, as picocli's default. */
    static PrintWriter standardError() {
        return new PrintWriter(System.err, true);
    }
}
