package com.merchantinsights.sparkjobs;

import com.merchantinsights.stream.history.RederiveRequest;
import com.merchantinsights.stream.history.RederiveStatus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs re-derivations in the driver one at a time, in the background: the control route answers at once and the CLI
 * polls the status for its progress bar. The latest run's status stays readable after it ends.
 */
final class RederiveRunner implements AutoCloseable {
    /** The re-derivation as the runner drives it: plan (names the version, at once), then run (the work). */
    interface Job {
        RederiveStatus plan(RederiveRequest request);

        RederiveStatus run(RederiveStatus planned, Consumer<RederiveStatus> progress);
    }

    private final Job job;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rederive");
        thread.setDaemon(true);
        return thread;
    });
    private RederiveStatus latest;
    private boolean running;

    RederiveRunner(Job job) {
        this.job = job;
    }

    /** Starts a run; IllegalStateException when one is still running (one at a time keeps two cores usable). */
    synchronized void start(RederiveRequest request) {
        if (running) {
            throw new IllegalStateException("a re-derivation is running: " + latest.rawVersion());
        }
        RederiveStatus planned = job.plan(request);
        latest = planned;
        running = true;
        runner.execute(() -> {
            try {
                job.run(planned, this::update);
            } finally {
                synchronized (this) {
                    running = false;
                }
            }
        });
    }

    /** Whether a re-derivation is running now (its last status may still say running after it died). */
    synchronized boolean running() {
        return running;
    }

    synchronized RederiveStatus latest() {
        return latest;
    }

    private synchronized void update(RederiveStatus status) {
        latest = status;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
