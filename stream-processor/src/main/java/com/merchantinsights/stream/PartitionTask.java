package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.spark.connector.cql.CassandraConnector;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The executor side of a micro-batch: one Kafka partition's parsed records through a {@link PartitionWriter} on
 * the connector's shared session (ref-counted and kept alive between batches), answering one small outcome.
 */
final class PartitionTask implements FlatMapFunction<Iterator<Row>, PartitionOutcome> {
    private final CassandraConnector connector;
    private final String kafkaBootstrap;
    private final Duration retention;
    private final int maxInFlight;

    PartitionTask(CassandraConnector connector, String kafkaBootstrap, Duration retention, int maxInFlight) {
        this.connector = connector;
        this.kafkaBootstrap = kafkaBootstrap;
        this.retention = retention;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public Iterator<PartitionOutcome> call(Iterator<Row> rows) throws Exception {
        if (!rows.hasNext()) {
            return List.of(PartitionOutcome.NONE).iterator();
        }
        try (CqlSession session = connector.openSession()) {
            RawStore store = new CassandraRawStore(session, DeadLetterProducers.forCluster(kafkaBootstrap), retention);
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
            return List.of(new PartitionWriter(store, maxInFlight).write(records)).iterator();
        }
    }
}
