package com.merchantinsights.sparkjobs;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job (the cube ETL, the archiver) on its own thread, on a schedule and on demand, never two runs at once. A request that arrives
 * while a run is in progress gets the next run, which starts when the current one ends and so sees every mark
 * written before the request; all requests waiting meanwhile share that one run.
 */
final class RunCoordinator<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunCoordinator.class);

    private final String name;
    private final Callable<T> job;
    private final Duration interval;
    private final Runnable onFatal;
    private final ExecutorService runner;
    private final ScheduledExecutorService ticker;

    private CompletableFuture<T> running;
    private CompletableFuture<T> next;
    private boolean closed;
    private volatile T lastSummary;
    private volatile Instant lastSuccessAt;
    private volatile String lastFailure;

    RunCoordinator(String name, Callable<T> job, Duration interval) {
        this(name, job, interval, () -> {});
    }

    /**
     * @param onFatal called after a run failed with a {@link VirtualMachineError} (out of memory, say): the JVM's
     *                state is suspect after one, so the driver asks to be replaced rather than schedule the next run
     */
    RunCoordinator(String name, Callable<T> job, Duration interval, Runnable onFatal) {
        this.name = name;
        this.job = job;
        this.interval = interval;
        this.onFatal = onFatal;
        this.runner = Executors.newSingleThreadExecutor(daemon(name));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon(name + "-schedule"));
    }

    /** Starts the schedule: the first run one interval from now, then one interval after each run ends. */
    void start() {
        ticker.scheduleWithFixedDelay(
                this::scheduledRun, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A run that starts no earlier than this call; completes with its summary or its failure. */
    synchronized CompletableFuture<T> request() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the driver is stopping"));
        }
        if (running == null) {
            return launch(new CompletableFuture<>());
        }
        if (next == null) {
            next = new CompletableFuture<>();
        }
        return next;
    }

    synchronized boolean isRunning() {
        return running != null;
    }

    T lastSummary() {
        return lastSummary;
    }

    Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Stops scheduling; lets a run in progress finish for up to {@code grace}, then interrupts it. */
    void stop(Duration grace) throws InterruptedException {
        CompletableFuture<T> abandoned;
        synchronized (this) {
            closed = true;
            abandoned = next;
            next = null;
        }
        if (abandoned != null) {
            abandoned.completeExceptionally(new IllegalStateException("the driver is stopping"));
        }
        ticker.shutdownNow();
        runner.shutdown();
        if (!runner.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{} run still in progress after {}; interrupting it", name, grace);
            runner.shutdownNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ZERO);
    }

    private CompletableFuture<T> launch(CompletableFuture<T> result) {
        running = result;
        runner.execute(() -> {
            try {
                T summary = job.call();
                lastSummary = summary;
                lastSuccessAt = Instant.now();
                lastFailure = null;
                result.complete(summary);
            } catch (Throwable t) {
                lastFailure = t.toString();
                LOG.error("{} run failed; its marks stay, so the next run does the work again", name, t);
                result.completeExceptionally(t);
                if (t instanceof VirtualMachineError) {
                    onFatal.run();
                }
            } finally {
                finished();
            }
        });
        return result;
    }

    private synchronized void finished() {
        running = null;
        if (next != null && !closed) {
            CompletableFuture<T> queued = next;
            next = null;
            launch(queued);
        }
    }

    private void scheduledRun() {
        try {
            request().join();
        } catch (RuntimeException e) {
            // Already logged by the run itself; the schedule goes on.
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
