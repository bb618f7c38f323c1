package com.merchantinsights.stream;

import com.datastax.spark.connector.cql.CassandraConnector;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch: parse; per Kafka partition claim each identity and store the raw rows (or dead-letter the
 * record); then, with every row stored, mark the batch's (hour, merchant) pairs dirty. A replayed batch claims
 * the same identities (now duplicates of themselves), writes the same rows and letters, and a newer mark.
 */
final class RawEventBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger(RawEventBatchWriter.class);

    private final Clock clock;
    private final MarkClock markClock;
    private final StreamProcessorConfig config;
    private final StreamCounters counters;

    RawEventBatchWriter(Clock clock, StreamProcessorConfig config, StreamCounters counters) {
        this.clock = clock;
        this.markClock = new MarkClock(clock);
        this.config = config;
        this.counters = counters;
    }

    @Override
    public void call(Dataset<Row> records, Long batchId) {
        long t0 = System.nanoTime();
        CassandraConnector connector = CassandraConnector.apply(records.sparkSession().sparkContext().getConf());
        Dataset<Row> parsed = RawEventParsing.parse(records, clock.instant());
        List<PartitionOutcome> partitions = parsed.toJavaRDD()
                .mapPartitions(new PartitionTask(connector, config.kafkaBootstrap(), config.retention(),
                        config.writesInFlightPerPartition()))
                .collect();
        PartitionOutcome batch = PartitionOutcome.merge(partitions);
        long rowsStored = System.nanoTime();
        // Only now, with every row of the batch stored: a mark the ETL reads must never precede its rows.
        Instant markedAt = markClock.next();
        new DirtyMarkWriter(connector).mark(batch.dirty(), markedAt);
        long done = System.nanoTime();
        counters.batchDone(batch, done - t0, clock.millis());
        if (batch.deadLetters() > 0) {
            LOG.warn("batch {}: {} conflict(s) and {} rejected record(s) sent to {} as dead letters",
                    batchId, batch.conflicts(), batch.rejected(), com.merchantinsights.core.layout.Topics.DEAD_LETTERS);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("batch {}: {} stored, {} duplicate(s), rows {} ms, {} mark(s) {} ms", batchId, batch.stored(),
                    batch.duplicates(), (rowsStored - t0) / 1_000_000, batch.dirty().size(), (done - rowsStored) / 1_000_000);
        }
    }
}
