package com.merchantinsights.stream;

import static org.apache.spark.sql.functions.col;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark read of the raw keyspace, shared by the cube ETL, raw history, re-derivation and promotion. Reads
 * are at LOCAL_QUORUM, like the stream's writes, so every row an applied feed batch covers is seen: a weaker read
 * could miss a row whose batch is applied already, and the row would never be counted.
 */
public final class RawPartitions {
    private RawPartitions() {}

    /**
     * The partitions of whole UTC hours of a table keyed like raw_events ({@code (event_hour, shard)}), every column.
     * Restricting both partition-key columns (event_hour IN hours, shard IN all shards) lets the connector push the
     * predicate down and read exactly hours × shards partitions ({@link ShardLayout}): no scan of the rest.
     */
    public static Dataset<Row> hours(SparkSession spark, String table, Collection<Instant> hours) {
        Object[] hourValues = hours.stream().map(Timestamp::from).toArray();
        Object[] shards =
                IntStream.of(shardLayout(spark).shardsCovering(hours)).boxed().toArray();
        return table(spark, table)
                .filter(col(RawEventsTable.EVENT_HOUR)
                        .isin(hourValues)
                        .and(col(RawEventsTable.SHARD).isin(shards)));
    }

    /** A table of the raw keyspace, read at LOCAL_QUORUM; filters on its keys push down. */
    public static Dataset<Row> table(SparkSession spark, String table) {
        return spark.read()
                .format("org.apache.spark.sql.cassandra")
                .option("keyspace", RawEventLayout.KEYSPACE)
                .option("table", table)
                .option("spark.cassandra.input.consistency.level", "LOCAL_QUORUM")
                .load();
    }

    /** The raw store's shards per hour (decision 0026), as the stream recorded them; read for each read of hours. */
    public static ShardLayout shardLayout(SparkSession spark) {
        try (CqlSession session =
                CassandraConnector.apply(spark.sparkContext().getConf()).openSession()) {
            return RawLayoutSettings.read(session);
        }
    }
}
