package com.merchantinsights.sparklocal;

import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the local driver, sized for a laptop and bound to loopback. */
final class LocalSparkSession {
    private LocalSparkSession() {
    }

    static SparkSession create(DriverOptions options) {
        return SparkSession.builder()
                .master("local[*]")
                .appName("merchant-insights-local")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
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
                .config("spark.cassandra.connection.keepAliveMS", 600_000)
                .getOrCreate();
    }
}
