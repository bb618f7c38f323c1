package com.merchantinsights.cli;

import com.merchantinsights.core.secret.OwnerOnlyFile;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.RunningStack;
import com.merchantinsights.stack.StackConfig;
import java.io.Console;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the whole system, tops up the sample data, proves it answers, then runs until Ctrl-C or {@code down}. A
 * failure stops every part and ends with one line saying why (the whole story is in the log).
 */
@Command(
        name = "up",
        description = "Start the whole system with sample data; stays in the foreground (Ctrl-C stops it).")
final class UpCommand implements Callable<Integer> {
    private static final Duration READY_DEADLINE = Duration.ofMinutes(3);

    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--zone",
            defaultValue = "Asia/Kolkata",
            description = "Platform default time zone (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(
            names = "--etl-interval",
            defaultValue = "PT5M",
            description = "Cube refresh schedule, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration etlInterval;

    @Option(names = "--no-sample", description = "Do not load the sample data set.")
    boolean noSample;

    @Option(
            names = "--fresh",
            description = "Start from an empty work directory: deletes its data, logs and keys (asks first).")
    boolean fresh;

    @Option(names = "--yes", description = "With --fresh: do not ask (needed without a terminal).")
    boolean yes;

    /** For the start-up benchmark: a first start "yesterday" on the sample's clock, so the next start is a day later. */
    @Option(
            names = "--nodes",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "Kafka brokers and Cassandra nodes: 1 (default), or 3 for fault runs (every partition and row"
                            + " replicated 3 times, 2 in sync; about 3 GiB more memory). Fixed by a work directory's first start.")
    int nodes;

    @Option(
            names = "--pseudonymize",
            negatable = true,
            description = "Store customer and anonymous ids as pseudonyms (keyed HMAC, issue 23). Default: as the work"
                    + " directory was made (a new one does; its key is kept in secrets/identity-pseudonym.key)."
                    + " --pseudonymize turns them on for one made without; --no-pseudonymize stores identifiers as"
                    + " sent for this start.")
    Boolean pseudonymize;

    @Option(names = "--sample-clock-offset", hidden = true, defaultValue = "PT0S")
    Duration sampleClockOffset;

    /** The node count a work directory's engines were made with: Kafka's data tells (node n under kafka/node-n). */
    static Optional<Integer> nodesOf(StackConfig config) {
        java.nio.file.Path kafka = config.directories().kafka();
        if (!java.nio.file.Files.isDirectory(kafka.resolve("data"))) {
            return Optional.empty();
        }
        int count = 1;
        while (java.nio.file.Files.isDirectory(kafka.resolve("node-" + (count + 1)))) {
            count++;
        }
        return Optional.of(count);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StackConfig config = stack.config(zone, etlInterval).withNodes(nodes);
        if (RunningStack.anyAlive(config.workDir())) {
            err.println("The stack in " + config.workDir() + " is already running (see `bin/insights status`).");
            err.flush();
            return 1;
        }
        if (fresh) {
            int status = emptyWorkDir(config);
            if (status != 0) {
                return status;
            }
        }
        Optional<Integer> madeWith = nodesOf(config);
        if (madeWith.isPresent() && madeWith.get() != nodes) {
            err.println("The data in " + config.workDir() + " was made with --nodes " + madeWith.get()
                    + "; start it so, or with --fresh to begin again with --nodes " + nodes + ".");
            err.flush();
            return 2;
        }
        Logger log = LoggerFactory.getLogger(UpCommand.class); // after the options: the log directory is known now
        Instant started = Instant.now();
        Progress progress = Progress.console(WriterOutputStream.printStream(out));
        AtomicReference<LocalSystem> running = new AtomicReference<>();
        AtomicBoolean signalled = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            signalled.set(true);
                            LocalSystem system = running.getAndSet(null);
                            if (system != null) {
                                out.println("Stopping…");
                                out.flush();
                                system.close();
                            }
                            stopped.countDown();
                        },
                        "insights-stop"));
        try {
            LocalSystem system = LocalSystem.start(config, progress, err, pseudonyms(pseudonymize));
            running.set(system);
            Clock clock = Clock.offset(Clock.systemUTC(), sampleClockOffset);
            Optional<SampleLoad.Loaded> sample =
                    noSample ? Optional.empty() : Optional.of(SampleLoad.load(system, clock, progress));
            ReadinessCheck.Probe proof =
                    ReadinessCheck.begin(system, clock, sample).await(READY_DEADLINE);
            progress.step("ready", proof.describe());
            printReady(out, system, proof, Duration.between(started, Instant.now()));
        } catch (RuntimeException e) {
            if (signalled.get()) {
                return 130; // stopped from outside while starting; the shutdown hook stops what runs
            }
            log.warn("up failed", e);
            err.println("up failed: " + firstLine(e) + " (more in "
                    + config.workDir().resolve("logs/services.jsonl") + ")");
            err.flush();
            LocalSystem system = running.getAndSet(null);
            if (system != null) {
                out.println("Stopping…");
                out.flush();
                system.close();
            }
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code --pseudonymize} / {@code --no-pseudonymize}, or neither: as the work directory was made. */
    static LocalSecrets.Pseudonyms pseudonyms(Boolean pseudonymize) {
        if (pseudonymize == null) {
            return LocalSecrets.Pseudonyms.DEFAULT;
        }
        return pseudonymize ? LocalSecrets.Pseudonyms.ON : LocalSecrets.Pseudonyms.OFF;
    }

    /** Asks (or takes {@code --yes}), then deletes what a stack wrote in the work directory; non-zero to stop there. */
    private int emptyWorkDir(StackConfig config) {
        PrintWriter err = spec.commandLine().getErr();
        List<String> foreign = FreshWorkDir.foreignEntries(config.workDir());
        if (!foreign.isEmpty()) {
            err.println(
                    "--fresh: " + config.workDir() + " holds " + foreign + ", which no stack writes; not emptying it.");
            err.flush();
            return 2;
        }
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                err.println("--fresh deletes the data, logs and keys in " + config.workDir()
                        + "; without a terminal, add --yes.");
                err.flush();
                return 2;
            }
            String answer =
                    console.readLine("Delete the data, logs and keys in %s and start empty? [y/N] ", config.workDir());
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                err.println("Nothing deleted.");
                err.flush();
                return 2;
            }
        }
        FreshWorkDir.empty(config.workDir());
        spec.commandLine().getOut().println("Emptied " + config.workDir() + ".");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The message's first line: a start failure carries the end of an engine's log after it. */
    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static void printReady(PrintWriter out, LocalSystem system, ReadinessCheck.Probe proof, Duration took) {
        printReady(out, system.services().gatewayUri(), system.config().workDir(), proof, took);
    }

    /**
     * The ready message. It says where the platform key is and never prints the key: a terminal's scrollback, a
     * recorded session or a CI log keeps whatever is printed, and the file is readable by its owner only.
     */
    static void printReady(PrintWriter out, URI gatewayUri, Path workDir, ReadinessCheck.Probe proof, Duration took) {
        String gateway = gatewayUri.toString();
        Path keyFile = LocalSecrets.platformKeyFile(workDir);
        String merchant = proof.sampleMerchant() == null ? "m_demo" : proof.sampleMerchant();
        out.printf("%nMerchant Insights is ready (%.1f s).%n", took.toMillis() / 1000.0);
        if (proof.sampleMerchant() != null) {
            out.printf(
                    "  sample check: %s had %d orders from %s to %s (the sample holds %d)%n",
                    merchant, proof.sampleOrders(), proof.from(), proof.to(), proof.sampleExpected());
        }
        out.println("  gateway:      " + gateway);
        out.println("  platform key: " + keyFile
                + OwnerOnlyFile.octalPermissions(keyFile)
                        .map(mode -> " (" + mode + ")")
                        .orElse(""));
        out.println("  dashboard:    " + gateway
                + "/dashboard/   (log in with a merchant-read key: bin/insights keys create"
                + " --scope merchant-read --merchant " + merchant + ")");
        out.println("  logs:         " + workDir.resolve("logs"));
        out.println("  try:          curl -H \"Authorization: Bearer $(cat '" + keyFile + "')\" '" + gateway
                + "/v1/insights/timeseries?merchant_id=" + merchant + "&metric=orders&granularity=day&from="
                + (proof.from() == null ? "2026-11-01" : proof.from()) + "&to="
                + (proof.to() == null ? "2026-11-30" : proof.to()) + "'");
        out.println("Press Ctrl-C to stop (or run `bin/insights down` from another terminal).");
        out.flush();
    }
}
