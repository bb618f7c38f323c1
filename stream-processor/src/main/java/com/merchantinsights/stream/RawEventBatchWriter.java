package com.merchantinsights.stream;

import static org.apache.spark.sql.functions.col;

import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.ShardLayout;
import java.time.Clock;
import java.time.Instant;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch (decision 0026): parse; shuffle by identity bucket so that all versions of an identity meet in one
 * task, sorted by identity; judge and store them there (raw rows, recent identities, dead letters); then, with every
 * row stored, write the batch's cube feed (decision 0027: the stored events and their (hour, merchant) cells, which say
 * what is pending until the ETL applies the batch, decision 0033) and mark the batch's hours for the archiver. A
 * replayed batch reads its own earlier writes as its own (same Kafka positions), so it reaches the same verdicts, writes
 * the same rows, letters and feed, and a newer archive mark.
 */
final class RawEventBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger(RawEventBatchWriter.class);
    private static final String IDENTITY_BUCKET = "identity_bucket";

    private final Clock clock;
    private final MarkClock markClock;
    private final StreamProcessorConfig config;
    private final StreamCounters counters;
    private final ShardLayout layout;
    private final CubeFeedWriter feed;

    RawEventBatchWriter(
            Clock clock, StreamProcessorConfig config, ShardLayout layout, StreamCounters counters, String feedRoot) {
        this.layout = layout;
        this.feed = new CubeFeedWriter(feedRoot, config.checkpointDir());
        this.clock = clock;
        this.markClock = new MarkClock(clock);
        this.config = config;
        this.counters = counters;
    }

    @Override
    public void call(Dataset<Row> records, Long batchId) {
        long t0 = System.nanoTime();
        CassandraConnector connector =
                CassandraConnector.apply(records.sparkSession().sparkContext().getConf());
        Dataset<Row> parsed = RawEventParsing.parse(records, col(StreamProcessor.BATCH_TIME), layout);
        Dataset<Row> byIdentity = parsed.withColumn(
                        IDENTITY_BUCKET,
                        RawEventFunctions.identityBucket(config.identityBuckets())
                                .apply(col(RawEventsTable.MERCHANT_ID), col(RawEventsTable.EVENT_ID)))
                .repartition(config.tasks(), col(IDENTITY_BUCKET))
                .sortWithinPartitions(IDENTITY_BUCKET, RawEventsTable.MERCHANT_ID, RawEventsTable.EVENT_ID);
        // Kept for the feed's write: a second pass over the tasks' results must not run them (and their writes) again.
        JavaRDD<FeedEvents.TaskResult> results = byIdentity
                .toJavaRDD()
                .mapPartitions(new PartitionTask(connector, config, layout))
                .persist(StorageLevel.MEMORY_AND_DISK());
        PartitionOutcome batch;
        try {
            batch = PartitionOutcome.merge(
                    results.map(FeedEvents.TaskResult::outcome).collect());
            // The feed follows the rows: a batch the ETL can read has every row stored.
            feed.write(
                    records.sparkSession(),
                    batchId,
                    results.flatMap(r -> r.feed().iterator()),
                    batch.stored(),
                    batch.cells(),
                    batch.rebuildCells());
        } finally {
            results.unpersist(false);
        }
        long rowsStored = System.nanoTime();
        // Only now, with every row of the batch stored: the archiver must never read a mark before its rows.
        Instant markedAt = markClock.next();
        new ArchiveMarkWriter(connector).mark(batch.cells(), markedAt);
        long done = System.nanoTime();
        counters.batchDone(batch, done - t0, clock.millis());
        if (batch.deadLetters() > 0) {
            LOG.warn(
                    "batch {}: {} conflict(s), {} displaced version(s) and {} rejected record(s) sent to {} as dead"
                            + " letters",
                    batchId,
                    batch.conflicts(),
                    batch.displaced(),
                    batch.rejected(),
                    com.merchantinsights.core.layout.Topics.DEAD_LETTERS);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "batch {}: {} stored, {} duplicate(s), rows and feed {} ms, {} cell(s), archive marks {} ms",
                    batchId,
                    batch.stored(),
                    batch.duplicates(),
                    (rowsStored - t0) / 1_000_000,
                    batch.cells().size(),
                    (done - rowsStored) / 1_000_000);
        }
    }
}
