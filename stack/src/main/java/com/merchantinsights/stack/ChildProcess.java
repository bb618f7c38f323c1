package com.merchantinsights.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the stack started: output appended to {@code logs/<name>.log}, PID recorded in {@code run/<name>.pid},
 * stopped on {@link #close()} and on JVM exit. A child never outlives the stack by accident.
 */
final class ChildProcess implements AutoCloseable {
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    static final int TAIL_LINES = 30;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logStart;
    private final Path pidFile;

    private ChildProcess(String name, Process process, Path logFile, long logStart, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
        this.pidFile = pidFile;
    }

    /** Starts {@code launch} with the working directory {@code dirs.root()}; returns at once, not when it is ready. */
    static ChildProcess start(JavaLaunch launch, StackDirectories dirs) {
        Objects.requireNonNull(launch, "launch");
        Path logFile = dirs.logFile(launch.name());
        long logStart = appendMarker(logFile, "---- " + Instant.now() + " starting " + launch.name() + " ----");
        ProcessBuilder builder = new ProcessBuilder(launch.command(JavaLaunch.javaExecutable()))
                .directory(dirs.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(launch.environment());
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close(); // nothing to say on stdin; EOF rather than a pipe that never speaks
        } catch (IOException e) {
            throw new StackException(launch.name(), launch.name() + ": cannot start java: " + e.getMessage(), e);
        }
        Path pidFile = dirs.pidFile(launch.name());
        PidFile.of(process.toHandle()).writeTo(pidFile);
        ChildProcess child = new ChildProcess(launch.name(), process, logFile, logStart, pidFile);
        StopOnExit.register(child);
        return child;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the process has exited, whoever ended it. */
    java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Waits up to {@code timeout} for the process to exit; true if it has. Readiness loops park here between probes,
     * so that a child that dies wakes them at once.
     */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(name, name + ": interrupted while waiting", e);
        }
    }

    /** The last {@code lines} lines this run wrote to its log (earlier runs appended to the same file are skipped). */
    List<String> tail(int lines) {
        return LogTail.of(logFile, lines, logStart);
    }

    /** SIGTERM without waiting, so that several children can shut down at the same time. */
    void requestStop() {
        process.destroy();
    }

    /** Waits up to {@code grace} for a requested stop, then kills; forgets the PID file either way. */
    void awaitStop(Duration grace) {
        if (!awaitExit(grace)) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        forget();
    }

    /** Graceful stop: SIGTERM, wait up to {@code grace}, then SIGKILL. */
    void stop(Duration grace) {
        requestStop();
        awaitStop(grace);
    }

    /** SIGKILL, for fault tests and as the last resort. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        forget();
    }

    /** Removes the PID file; a child that exited on its own keeps it until then, so {@code status} can show it dead. */
    void forget() {
        StopOnExit.unregister(this);
        PidFile.read(pidFile)
                .filter(recorded -> recorded.pid() == process.pid())
                .ifPresent(recorded -> PidFile.delete(pidFile));
    }

    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** Appends a line that marks where this run's output starts; returns the offset of the line after it. */
    private static long appendMarker(Path logFile, String marker) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(
                    logFile,
                    marker + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return Files.size(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logFile, e);
        }
    }
}
