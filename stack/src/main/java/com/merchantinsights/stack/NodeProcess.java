package com.merchantinsights.stack;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The child JVM of one engine node (Kafka, Cassandra) across its starts and stops: one process at a time, none after
 * {@link #close()}, and every stop graceful first (SIGTERM, up to the grace) and forcible after (SIGKILL). The node
 * class keeps what differs between engines: the files a start needs, the command line, when the engine is ready.
 */
final class NodeProcess {
    private final String name;
    private final StackDirectories dirs;
    private final Duration grace;
    private ChildProcess process;
    private boolean closed;

    NodeProcess(String name, StackDirectories dirs, Duration grace) {
        this.name = Objects.requireNonNull(name, "name");
        this.dirs = Objects.requireNonNull(dirs, "dirs");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /**
     * Runs {@code prepare} (configuration files, a storage format), reports "starting" and starts {@code launch};
     * returns at once, not when the engine is ready. All of it holds this object's lock, so that a {@link #close()}
     * on another thread waits for the launch and then stops what it started.
     */
    synchronized ChildProcess launch(Progress progress, Runnable prepare, Supplier<JavaLaunch> launch) {
        if (closed) {
            throw new StackException(name, name + ": the stack is closing");
        }
        if (process != null && process.isAlive()) {
            throw new StackException(name, name + " is already running (pid " + process.pid() + ")");
        }
        prepare.run();
        progress.step(name, "starting");
        process = ChildProcess.start(launch.get(), dirs);
        return process;
    }

    /** The process last launched (null before the first launch). */
    synchronized ChildProcess current() {
        return process;
    }

    /** SIGTERM without waiting, so that several engines shut down at the same time; {@link #awaitStop} completes it. */
    synchronized void requestStop() {
        if (process != null) {
            process.requestStop();
        }
    }

    /** Waits up to the grace for the process to exit after {@link #requestStop}, then kills it. */
    synchronized void awaitStop() {
        if (process != null) {
            process.awaitStop(grace);
            process = null;
        }
    }

    /** Graceful stop: SIGTERM, up to the grace, then SIGKILL. The node can be launched again afterwards. */
    void stop() {
        requestStop();
        awaitStop();
    }

    /** SIGKILL, as a crash: no shutdown of any kind. The node can be launched again afterwards. */
    synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Stops for good: a launch in progress on another thread completes first, and nothing launches after this. */
    synchronized void close() {
        closed = true;
        stop();
    }
}
