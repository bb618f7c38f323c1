package com.merchantinsights.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A stack seen from another process (the CLI's {@code status} and {@code down}): only what the PID files under
 * {@code <workDir>/run/} say. Processes are never found by name, so nothing outside this stack is ever touched.
 */
public final class RunningStack {
    private static final Set<String> ENGINES = Set.of(KafkaNode.NAME, CassandraNode.NAME, PostgresNode.NAME);

    private RunningStack() {}

    /** An engine's process, by its name: {@code kafka}, or another node of it ({@code kafka-2}), and so on. */
    static boolean isEngine(String name) {
        return ENGINES.contains(name) || ENGINES.stream().anyMatch(engine -> name.startsWith(engine + "-"));
    }

    /** Every recorded process, by name, alive or not. */
    public static List<ProcessRecord> read(Path workDir) {
        Path runDir = new StackDirectories(workDir).run();
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        List<ProcessRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .sorted()
                    .toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                PidFile.read(file)
                        .ifPresent(pid -> records.add(new ProcessRecord(
                                name, pid.pid(), pid.liveProcess().isPresent(), file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir, e);
        }
        return List.copyOf(records);
    }

    public static boolean anyAlive(Path workDir) {
        return read(workDir).stream().anyMatch(ProcessRecord::alive);
    }

    /**
     * Stops every recorded process and removes the PID files. The owning JVM goes first, because its shutdown hook
     * stops its children in order; then whatever is left: the Spark driver and services, then the engines (so that
     * nothing writes to an engine while it stops). Each tier gets SIGTERM, up to {@code timeout}, then SIGKILL.
     * This JVM is never signalled, even if recorded.
     */
    public static void stopAll(Path workDir, Duration timeout, Progress progress) {
        stopTier(workDir, timeout, progress, record -> record.name().equals(LocalEngines.OWNER));
        stopTier(workDir, timeout, progress, record -> !isEngine(record.name()));
        stopTier(workDir, timeout, progress, record -> true);
        for (ProcessRecord record : read(workDir)) {
            if (!record.alive()) {
                PidFile.delete(record.pidFile());
            }
        }
    }

    private static void stopTier(
            Path workDir, Duration timeout, Progress progress, java.util.function.Predicate<ProcessRecord> inTier) {
        long self = ProcessHandle.current().pid();
        List<Stopping> stopping = new ArrayList<>();
        for (ProcessRecord record : read(workDir)) {
            if (!inTier.test(record) || record.pid() == self) {
                continue;
            }
            Optional<ProcessHandle> process = PidFile.read(record.pidFile()).flatMap(PidFile::liveProcess);
            if (process.isEmpty()) {
                continue;
            }
            progress.step(record.name(), "stopping (pid " + record.pid() + ")");
            terminate(record.name(), process.get());
            stopping.add(new Stopping(record, process.get(), process.get().onExit()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        stopping.sort(Comparator.comparing(s -> s.record().name()));
        for (Stopping s : stopping) {
            if (awaitExit(s.exit(), deadline)) {
                progress.step(s.record().name(), "stopped");
            } else {
                s.process().destroyForcibly();
                awaitExit(s.exit(), System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
                progress.step(s.record().name(), "killed: still running after " + timeout.toSeconds() + " s");
            }
            PidFile.delete(s.record().pidFile());
        }
    }

    /**
     * SIGTERM, except PostgreSQL: SIGTERM is its "smart" shutdown, which waits for every client to disconnect;
     * SIGINT is the "fast" shutdown that {@code pg_ctl stop -m fast} sends.
     */
    private static void terminate(String name, ProcessHandle process) {
        if (name.equals(PostgresNode.NAME)) {
            try {
                Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                    return;
                }
            } catch (IOException e) {
                // no kill(1) here: fall back to SIGTERM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroy();
    }

    private static boolean awaitExit(CompletableFuture<ProcessHandle> exit, long deadlineNanos) {
        try {
            exit.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Stopping(ProcessRecord record, ProcessHandle process, CompletableFuture<ProcessHandle> exit) {}
}
