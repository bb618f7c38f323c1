package com.merchantinsights.etl;

import static org.apache.spark.sql.functions.col;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the raw events of whole UTC hours, by partition key only: no scan of the rest of the table. */
public final class RawEventReader {
    /** The raw columns the cube reads. */
    public static final org.apache.spark.sql.Column[] CUBE_INPUT = {col("merchant_id"), col("event_type"),
        col("occurred_at"), col("customer_id"), col("anonymous_id"), col("amount"), col("currency"), col("dimensions")};

    private RawEventReader() {
    }

    /**
     * Restricting both partition-key columns (event_hour IN hours, shard IN all shards) lets the connector push
     * the predicate down and read exactly hours × shards partitions ({@link ShardLayout}). The read is at
     * LOCAL_QUORUM, like the stream's writes, so every row an applied feed batch covers is seen: a weaker read
     * could miss a row whose batch is applied already, and the row would never be counted.
     */
    public static Dataset<Row> hours(SparkSession spark, Collection<Instant> hours) {
        return partitions(spark, hours).select(CUBE_INPUT);
    }

    /**
     * The rows of whole UTC hours that the applied feed covers (decision 0027): rows written without a Kafka position
     * (a backfill), and rows whose position is below the applied end offset of its partition. A row above it belongs
     * to a batch whose feed is not applied yet, and reaches the cube as a delta when it is.
     */
    public static Dataset<Row> hoursCoveredBy(SparkSession spark, Collection<Instant> hours, Map<Integer, Long> endOffsets) {
        org.apache.spark.sql.Column covered = col("kafka_partition").isNull();
        for (Map.Entry<Integer, Long> partition : endOffsets.entrySet()) {
            covered = covered.or(col("kafka_partition").equalTo(partition.getKey())
                    .and(col("kafka_offset").lt(partition.getValue())));
        }
        return partitions(spark, hours).filter(covered).select(CUBE_INPUT);
    }

    private static Dataset<Row> partitions(SparkSession spark, Collection<Instant> hours) {
        Object[] hourValues = hours.stream().map(Timestamp::from).toArray();
        Object[] shards = IntStream.of(shardLayout(spark).shardsCovering(hours)).boxed().toArray();
        return spark.read()
                .format("org.apache.spark.sql.cassandra")
                .option("keyspace", RawEventLayout.KEYSPACE)
                .option("table", RawEventLayout.RAW_EVENTS_TABLE)
                .option("spark.cassandra.input.consistency.level", "LOCAL_QUORUM")
                .load()
                .filter(col("event_hour").isin(hourValues).and(col("shard").isin(shards)));
    }

    /** The raw store's shards per hour (decision 0026), as the stream recorded them. */
    static ShardLayout shardLayout(SparkSession spark) {
        Map<String, Integer> settings = new HashMap<>();
        try (CqlSession session = CassandraConnector.apply(spark.sparkContext().getConf()).openSession()) {
            for (com.datastax.oss.driver.api.core.cql.Row row : session.execute(SimpleStatement.newInstance(
                    ShardLayout.SELECT_CQL).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
                settings.put(row.getString("setting"), row.isNull("value") ? null : row.getInt("value"));
            }
        }
        return ShardLayout.fromSettings(settings);
    }
}
