package com.merchantinsights.stream;

import static org.apache.spark.sql.functions.current_timestamp;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.kafka.KafkaClientLogin;
import com.merchantinsights.core.layout.ShardLayout;
import com.merchantinsights.core.layout.Topics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/** Starts the streaming query: Kafka events topic → event identities, raw events, dead letters, the cube feed and archive marks. */
public final class StreamProcessor {
    public static final String QUERY_NAME = "raw-events";
    /**
     * The micro-batch's timestamp, which Spark records in the offset log: a replayed batch gets the same one, so it
     * writes the same ingested_at and TTLs and judges lateness the same way.
     */
    static final String BATCH_TIME = "batch_time";

    private StreamProcessor() {}

    /**
     * The session must already carry the Cassandra connection settings ({@code spark.cassandra.connection.*}).
     * The query resumes from its checkpoint; without one it starts at the earliest offset of the topic.
     */
    /**
     * @param feedRoot where the cube feed goes (decision 0027): a local folder URL or any Hadoop-compatible URL that the
     *                 cube ETL reads too
     */
    public static StreamingQuery start(
            SparkSession spark, StreamProcessorConfig configured, StreamCounters counters, String feedRoot)
            throws TimeoutException {
        StreamProcessorConfig config;
        ShardLayout layout;
        try (CqlSession session =
                CassandraConnector.apply(spark.sparkContext().getConf()).openSession()) {
            config = configured.withIdentityBuckets(
                    RawLayoutSettings.identityBuckets(session, configured.identityBuckets()));
            layout = RawLayoutSettings.shardLayout(
                    session, configured.rawShards(), Clock.systemUTC().instant());
        }
        Map<String, String> login = new HashMap<>();
        // The source's consumers log in as the driver does (decision 0049); Spark redacts the password in its UI.
        KafkaClientLogin.fromEnvironment().clientSettings().forEach((key, value) -> login.put("kafka." + key, value));
        Dataset<Row> records = spark.readStream()
                .format("kafka")
                .options(login)
                .option("kafka.bootstrap.servers", config.kafkaBootstrap())
                .option("subscribe", Topics.EVENTS)
                // Re-driven dead letters carry their letter's id in a header (decision 0012).
                .option("includeHeaders", "true")
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger())
                // failOnDataLoss stays true (the default): offsets that vanished before we read them are accepted
                // events we lost, and that must stop the query loudly rather than be skipped.
                .load()
                .withColumn(BATCH_TIME, current_timestamp());
        return records.writeStream()
                .queryName(QUERY_NAME)
                .option("checkpointLocation", config.checkpointDir().toString())
                .trigger(Trigger.ProcessingTime(config.triggerInterval().toMillis()))
                .foreachBatch(new RawEventBatchWriter(Clock.systemUTC(), config, layout, counters, feedRoot))
                .start();
    }
}
