package com.merchantinsights.sparkjobs;

import com.merchantinsights.etl.CubeRebuild;
import com.merchantinsights.etl.WarehouseRebuild;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs a whole-warehouse rebuild on the caller's thread, one at a time (decision 0027). */
final class WarehouseRebuildRunner {
    private final WarehouseRebuild rebuild;
    private final CubeRebuild.RawSource raw;
    private final Runnable onSparkThread;
    private final AtomicBoolean running = new AtomicBoolean();

    /** @param onSparkThread prepares the calling thread for Spark jobs (its scheduler pool) */
    WarehouseRebuildRunner(WarehouseRebuild rebuild, CubeRebuild.RawSource raw, Runnable onSparkThread) {
        this.rebuild = rebuild;
        this.raw = raw;
        this.onSparkThread = onSparkThread;
    }

    WarehouseRebuild.Summary rebuild(Instant from, Instant to, boolean swap) throws Exception {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("a warehouse rebuild is already running");
        }
        try {
            onSparkThread.run();
            return rebuild.rebuild(hours(from, to), raw, swap);
        } finally {
            running.set(false);
        }
    }

    /** Every UTC hour that [from, to) touches. */
    static List<Instant> hours(Instant from, Instant to) {
        List<Instant> hours = new ArrayList<>();
        for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plus(1, ChronoUnit.HOURS)) {
            hours.add(h);
        }
        return hours;
    }
}
