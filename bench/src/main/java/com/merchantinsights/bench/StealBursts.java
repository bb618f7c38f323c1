package com.merchantinsights.bench;

import java.time.Duration;

/**
 * Short bursts of the hypervisor's steal while a phase runs, from /proc/stat every 100 ms. A phase's average steal
 * hides them, yet one 50 ms stretch in which a core was given to another machine stalls every request in flight on it
 * (the broker's log append, our validation): three such bursts in a 15 s phase at 190 requests/s are 1 % of the
 * requests, enough to set the p99.
 */
final class StealBursts implements AutoCloseable {
    /** A 100 ms window in which at least this much was stolen (of 200 ms of two cores) is a burst. */
    static final Duration BURST = Duration.ofMillis(30);

    private static final long WINDOW_MILLIS = 100;

    private final Thread sampler;
    private volatile boolean running = true;
    private int bursts;
    private long longestNanos;

    private StealBursts() {
        sampler = new Thread(
                () -> {
                    long previous = CpuShares.stealNanos();
                    while (running) {
                        try {
                            Thread.sleep(WINDOW_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                        long now = CpuShares.stealNanos();
                        long stolen = now - previous;
                        previous = now;
                        synchronized (this) {
                            longestNanos = Math.max(longestNanos, stolen);
                            if (stolen >= BURST.toNanos()) {
                                bursts++;
                            }
                        }
                    }
                },
                CpuShares.CLIENT_THREAD_PREFIX + "-steal-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static StealBursts record() {
        return new StealBursts();
    }

    synchronized int bursts() {
        return bursts;
    }

    /** The most stolen in one 100 ms window. */
    synchronized Duration largest() {
        return Duration.ofNanos(longestNanos);
    }

    @Override
    public synchronized String toString() {
        return String.format(
                "steal bursts (>= %d ms stolen in a 100 ms window): %d, the largest %d ms",
                BURST.toMillis(), bursts, longestNanos / 1_000_000);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
