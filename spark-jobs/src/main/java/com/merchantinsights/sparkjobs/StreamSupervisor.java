package com.merchantinsights.sparkjobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the streaming query running: when it fails (an engine down, say) it is started again from its
 * checkpoint after a growing pause, so the driver outlives an engine restart instead of dying with it. A query
 * that hangs instead of failing is reported to {@code onStall}: the driver then exits and its supervisor (the
 * stack, Kubernetes) starts a fresh JVM, which resumes from the checkpoint.
 */
final class StreamSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSupervisor.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(2);
    private static final Duration MAX_PAUSE = Duration.ofMinutes(1);
    private static final Duration WATCH_EVERY = Duration.ofSeconds(10);

    /** Starts one incarnation of the query. */
    interface QueryStarter {
        StreamingQuery start() throws TimeoutException;
    }

    private final QueryStarter starter;
    private final LongSupplier tasksEnded;
    private final StallDetector stallDetector;
    private final Runnable onStall;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stream-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicInteger restarts = new AtomicInteger();
    private final Thread thread;
    private volatile StreamingQuery query;
    private volatile String lastFailure;

    /**
     * @param tasksEnded how many of the query's tasks have finished so far: a batch whose tasks keep finishing is
     *                   slow, not stalled
     */
    StreamSupervisor(QueryStarter starter, LongSupplier tasksEnded, Duration stallTimeout, Runnable onStall) {
        this.starter = starter;
        this.tasksEnded = tasksEnded;
        this.stallDetector = new StallDetector(stallTimeout, Instant.now());
        this.onStall = onStall;
        this.thread = new Thread(this::supervise, "stream-supervisor");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
        watchdog.scheduleWithFixedDelay(
                this::watch, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True while a query is running (the control endpoint's readiness). */
    boolean isActive() {
        StreamingQuery q = query;
        return q != null && q.isActive();
    }

    StreamingQuery query() {
        return query;
    }

    int restarts() {
        return restarts.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    /**
     * Lets a micro-batch in progress finish (its offsets are then committed and nothing is replayed), for up
     * to {@code grace}, then stops the query. A batch cut short is replayed on the next start, idempotently.
     */
    void stop(Duration grace) throws InterruptedException {
        stopRequested.countDown();
        watchdog.shutdownNow();
        StreamingQuery q = query;
        if (q != null && q.isActive()) {
            long deadline = System.nanoTime() + grace.toNanos();
            try {
                while (q.status().isTriggerActive() && System.nanoTime() < deadline) {
                    q.awaitTermination(100);
                }
                q.stop();
            } catch (TimeoutException | StreamingQueryException e) {
                LOG.warn("streaming query did not stop cleanly", e);
            }
        }
        thread.join(grace.toMillis());
    }

    private void watch() {
        StreamingQuery q = query;
        if (q == null || !q.isActive() || stopRequested.getCount() == 0) {
            return;
        }
        // A new progress object per completed batch; the task count moves inside a long batch.
        List<Object> signOfLife = Arrays.asList(q.lastProgress(), tasksEnded.getAsLong());
        if (stallDetector.stalled(Instant.now(), q.status().isTriggerActive(), signOfLife)) {
            LOG.error("streaming query stalled: no micro-batch or task completed within the stall timeout; "
                    + "handing over to a fresh driver (the checkpoint resumes it)");
            watchdog.shutdown();
            onStall.run();
        }
    }

    private void supervise() {
        Duration pause = FIRST_PAUSE;
        while (stopRequested.getCount() > 0) {
            long startedAt = System.nanoTime();
            try {
                stallDetector.reset(Instant.now());
                query = starter.start();
                if (stopRequested.getCount() == 0) {
                    query.stop();
                    return;
                }
                query.awaitTermination();
                if (stopRequested.getCount() == 0) {
                    return;
                }
                LOG.warn("streaming query stopped without being asked to; starting it again");
            } catch (StreamingQueryException | TimeoutException | RuntimeException e) {
                lastFailure = e.toString();
                LOG.error("streaming query failed; starting it again from its checkpoint in {}", pause, e);
            }
            if (System.nanoTime() - startedAt > MAX_PAUSE.toNanos()) {
                pause = FIRST_PAUSE;
            }
            try {
                if (stopRequested.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            restarts.incrementAndGet();
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }
}
