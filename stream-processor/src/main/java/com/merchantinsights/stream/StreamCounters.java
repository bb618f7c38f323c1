package com.merchantinsights.stream;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of the stream processor since the driver started, for status pages and logs. */
public final class StreamCounters {
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rejectedRecords = new AtomicLong();

    void batchStored(long rejectedInBatch) {
        batches.incrementAndGet();
        rejectedRecords.addAndGet(rejectedInBatch);
    }

    public long batches() {
        return batches.get();
    }

    /** Records that could not become raw rows (logged; a later dead-letter store will keep them). */
    public long rejectedRecords() {
        return rejectedRecords.get();
    }
}
