package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.ShardLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The executor side of a micro-batch: one task's identity buckets of parsed records through a {@link PartitionWriter} on
 * the connector's shared session (ref-counted and kept alive between batches), answering one small outcome and the
 * cube feed's rows of the events it stored (decision 0027).
 */
final class PartitionTask implements FlatMapFunction<Iterator<Row>, FeedEvents.TaskResult> {
    private final CassandraConnector connector;
    private final String kafkaBootstrap;
    // The settings it needs, not the config record: a Path does not serialise to the executors.
    private final Duration retention;
    private final Duration identityWindow;
    private final int writesInFlight;
    private final int identityBuckets;
    private final ShardLayout shards;

    PartitionTask(CassandraConnector connector, StreamProcessorConfig config, ShardLayout shards) {
        this.connector = connector;
        this.kafkaBootstrap = config.kafkaBootstrap();
        this.retention = config.retention();
        this.identityWindow = config.identityWindow();
        this.writesInFlight = config.writesInFlight();
        this.identityBuckets = config.identityBuckets();
        this.shards = shards;
    }

    @Override
    public Iterator<FeedEvents.TaskResult> call(Iterator<Row> rows) throws Exception {
        if (!rows.hasNext()) {
            return List.of(new FeedEvents.TaskResult(PartitionOutcome.NONE, List.of()))
                    .iterator();
        }
        try (CqlSession session = connector.openSession()) {
            RawStore store = new CassandraRawStore(
                    session, DeadLetterProducers.forCluster(kafkaBootstrap), retention, identityWindow);
            Iterator<ParsedRecord> records = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public ParsedRecord next() {
                    return ParsedRecord.of(rows.next());
                }
            };
            Queue<Row> feed = new ConcurrentLinkedQueue<>();
            PartitionOutcome outcome = new PartitionWriter(
                            store, writesInFlight, identityBuckets, identityWindow, shards)
                    .write(records, stored -> feed.add(FeedEvents.row(stored)));
            return List.of(new FeedEvents.TaskResult(outcome, new ArrayList<>(feed)))
                    .iterator();
        }
    }
}
