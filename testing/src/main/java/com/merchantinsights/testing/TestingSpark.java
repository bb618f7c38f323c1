package com.merchantinsights.testing;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * A local Spark session for unit tests: {@code local[cores]}, bound to the loopback and without UI, so that a test
 * needs no network interface and takes no port. Every other setting is Spark's default unless the test sets it.
 *
 * <pre>{@code
 * SparkSession spark = TestingSpark.local("CubeGrainsTest", 2).shufflePartitions(3).sessionTimeZone(zone).start();
 * }</pre>
 */
public final class TestingSpark {
    private final String appName;
    private final int cores;
    private final Map<String, String> config = new LinkedHashMap<>();

    private TestingSpark(String appName, int cores) {
        this.appName = Objects.requireNonNull(appName, "appName");
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1: " + cores);
        }
        this.cores = cores;
    }

    /** A session of {@code cores} local threads named {@code appName}. */
    public static TestingSpark local(String appName, int cores) {
        return new TestingSpark(appName, cores);
    }

    /** {@code spark.sql.shuffle.partitions}: a few instead of Spark's 200 keeps small tests fast. */
    public TestingSpark shufflePartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        return config("spark.sql.shuffle.partitions", String.valueOf(partitions));
    }

    /** {@code spark.sql.session.timeZone}; without it the session takes the JVM's zone. */
    public TestingSpark sessionTimeZone(ZoneId zone) {
        return config("spark.sql.session.timeZone", zone.getId());
    }

    /** Any other Spark setting, such as {@code spark.scheduler.mode}. */
    public TestingSpark config(String key, String value) {
        config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * The session, from {@code getOrCreate}: a session still running in this JVM is returned instead of a new one.
     * Stop (or close) it when the test class is done.
     */
    public SparkSession start() {
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[" + cores + "]")
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        config.forEach(builder::config);
        return builder.getOrCreate();
    }
}
