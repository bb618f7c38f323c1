package com.merchantinsights.sparkjobs;

import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of our jobs: the local driver's, sized for a laptop and bound to loopback ({@link #create}), and
 * the same settings for a job that spark-submit (spark-operator) launches on a cluster ({@link #configured}).
 */
final class JobSession {
    private JobSession() {}

    static SparkSession create(DriverOptions options) {
        return configured(options, "merchant-insights-local")
                .master("local[*]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    /** Master, driver address and resources come from spark-submit. */
    static SparkSession.Builder configured(DriverOptions options, String appName) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.shuffle.partitions", options.shufflePartitions)
                // Timestamps are instants everywhere; no rendering may depend on the machine's zone.
                .config("spark.sql.session.timeZone", "UTC")
                // Stopping a query waits for its thread at most this long (default: forever, even for a hung batch).
                .config("spark.sql.streaming.stopTimeout", 30_000)
                // Streaming and ETL share the cores; pools (fairscheduler.xml) keep an ETL run from starving batches.
                .config("spark.scheduler.mode", "FAIR")
                .config("spark.sql.extensions", "com.datastax.spark.connector.CassandraSparkExtensions")
                .config("spark.cassandra.connection.host", options.cassandraHost)
                .config("spark.cassandra.connection.port", options.cassandraPort)
                .config("spark.cassandra.connection.localDC", options.cassandraDc)
                // Keep the connector's session between micro-batches and ETL runs (default 3.6 s): a quiet stream
                // would otherwise reconnect on its next event.
                .config("spark.cassandra.connection.keepAliveMS", 600_000);
        if (options.cassandraUser != null && !options.cassandraUser.isEmpty()) {
            builder = builder.config("spark.cassandra.auth.username", options.cassandraUser)
                    .config(
                            "spark.cassandra.auth.password",
                            options.cassandraPassword == null ? "" : options.cassandraPassword);
        }
        return builder;
    }
}
