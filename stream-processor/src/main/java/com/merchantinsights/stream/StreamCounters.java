package com.merchantinsights.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of the stream processor since the driver started, for metrics, status pages and benchmarks.
 * Only the driver updates them, once per micro-batch.
 */
public final class StreamCounters {
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong displaced = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong lastBatchNanos = new AtomicLong();
    private final AtomicLong firstBusyStartMillis = new AtomicLong();
    private final AtomicLong lastBusyEndMillis = new AtomicLong();

    void batchDone(PartitionOutcome outcome, long nanos, long endMillis) {
        if (outcome.records() > 0) {
            firstBusyStartMillis.compareAndSet(0, endMillis - nanos / 1_000_000);
            lastBusyEndMillis.set(endMillis);
        }
        stored.addAndGet(outcome.stored());
        duplicates.addAndGet(outcome.duplicates());
        conflicts.addAndGet(outcome.conflicts());
        rejected.addAndGet(outcome.rejected());
        displaced.addAndGet(outcome.displaced());
        if (outcome.records() > 0) {
            busyNanos.addAndGet(nanos);
        }
        lastBatchNanos.set(nanos);
        batches.incrementAndGet();
    }

    public long batches() {
        return batches.get();
    }

    /** First versions stored as raw rows. */
    public long stored() {
        return stored.get();
    }

    /** Re-sends and replays of a stored version (written again, counted once). */
    public long duplicates() {
        return duplicates.get();
    }

    /** Re-sends that differ from the stored version: "conflict" dead letters. */
    public long conflicts() {
        return conflicts.get();
    }

    /** Records that are no valid event: "rejected" dead letters. */
    public long rejectedRecords() {
        return rejected.get();
    }

    /**
     * Stored versions that gave way to one received before them (decision 0048): "conflict" dead letters too, written
     * when the earlier version was read. A replayed batch counts its displacements again.
     */
    public long displaced() {
        return displaced.get();
    }

    public long deadLetters() {
        return conflicts.get() + rejected.get() + displaced.get();
    }

    /** Every record the query has processed, whatever became of it. */
    public long records() {
        return stored.get() + duplicates.get() + conflicts.get() + rejected.get();
    }

    /** Time spent in micro-batches that had records: records() / busy time is the drain rate. */
    public long busyNanos() {
        return busyNanos.get();
    }

    /**
     * From the start of the first micro-batch that had records to the end of the last one: with a backlog, the
     * time the query took to drain it, planning and checkpointing between batches included.
     */
    public long drainWindowMillis() {
        long first = firstBusyStartMillis.get();
        return first == 0 ? 0 : lastBusyEndMillis.get() - first;
    }

    public long lastBatchNanos() {
        return lastBatchNanos.get();
    }
}
