package com.merchantinsights.stream;

import org.apache.spark.sql.SparkSession;

/** The local Spark session of this module's tests: loopback only, no UI, UTC, few shuffle partitions. */
public final class LocalSparkForTests {
    private LocalSparkForTests() {
    }

    public static SparkSession start(String appName, int cores) {
        return SparkSession.builder().master("local[" + cores + "]").appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", String.valueOf(cores))
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }
}
