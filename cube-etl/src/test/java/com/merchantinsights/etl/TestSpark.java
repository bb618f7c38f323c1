package com.merchantinsights.etl;

import org.apache.spark.sql.SparkSession;

/** A small local Spark session for unit tests, bound to the loopback, without UI. */
final class TestSpark {
    private TestSpark() {
    }

    /**
     * @param sessionZone deliberately neither UTC nor, where it matters, a merchant's zone: no bucket may depend on
     *                    the session's zone
     */
    static SparkSession start(String app, String sessionZone, int shufflePartitions) {
        return SparkSession.builder().master("local[2]").appName(app)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", sessionZone)
                .getOrCreate();
    }
}
