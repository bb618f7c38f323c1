package com.merchantinsights.stream;

import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch: parse, store the raw rows, then mark their (hour, merchant) pairs dirty. A replayed batch
 * writes the same rows again (same primary keys) and a newer mark, which is harmless.
 */
final class RawEventBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger(RawEventBatchWriter.class);

    private final Clock clock;
    private final MarkClock markClock;
    private final StreamCounters counters;

    RawEventBatchWriter(Clock clock, StreamCounters counters) {
        this.clock = clock;
        this.markClock = new MarkClock(clock);
        this.counters = counters;
    }

    @Override
    public void call(Dataset<Row> records, Long batchId) {
        long t0 = System.nanoTime();
        Dataset<Row> parsed = RawEventParsing.parse(records, clock.instant()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> accepted = RawEventParsing.accepted(parsed);
            CassandraWrites.upsert(accepted, RawEventLayout.RAW_EVENTS_TABLE);
            long rowsStored = System.nanoTime();
            // Only now, with every row of the batch stored: a mark the ETL reads must never precede its rows.
            Instant markedAt = markClock.next();
            CassandraWrites.upsert(DirtyMarks.of(accepted, markedAt), RawEventLayout.DIRTY_HOURS_TABLE);
            long marksStored = System.nanoTime();

            List<RejectedRecords> rejected = RejectedRecords.of(RawEventParsing.rejected(parsed));
            if (LOG.isDebugEnabled()) {
                LOG.debug("batch {}: raw rows {} ms, marks {} ms, rejections {} ms", batchId,
                        (rowsStored - t0) / 1_000_000, (marksStored - rowsStored) / 1_000_000,
                        (System.nanoTime() - marksStored) / 1_000_000);
            }
            long rejectedCount = rejected.stream().mapToLong(RejectedRecords::count).sum();
            for (RejectedRecords r : rejected) {
                LOG.warn("batch {}: {} record(s) rejected as {}; first at partition {} offset {}",
                        batchId, r.count(), r.reason(), r.firstPartition(), r.firstOffset());
            }
            counters.batchStored(rejectedCount);
        } finally {
            parsed.unpersist(false);
        }
    }
}
