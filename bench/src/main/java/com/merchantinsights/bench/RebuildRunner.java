package com.merchantinsights.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.etl.CubeEtlConfig;
import com.merchantinsights.etl.WarehouseRebuild;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark side of the ETL benchmark, in a JVM of its own on the Spark driver's class path ({@link RebuildProcess}
 * starts it): a local Spark session with the local driver's settings, and nothing else — no stream, no schedule, no
 * archiver. Commands on stdin, one per line: {@code rebuild HOUR,HOUR,...} answers one {@link #RESULT} line with the
 * summary as JSON; {@code quit} stops Spark and exits. Spark's own log goes to stdout too (one JSON object a line).
 *
 * <p>Arguments: Cassandra host, port, data center; JDBC URL, user; default zone; shuffle partitions; Cassandra user.
 * The passwords come from {@code INSIGHTS_JDBC_PASSWORD} and {@code INSIGHTS_CASSANDRA_PASSWORD}, as for the driver.
 */
public final class RebuildRunner {
    static final String READY = "rebuild-runner ready";
    static final String RESULT = "rebuild-runner result ";
    static final String FAILED = "rebuild-runner failed ";

    private final WarehouseRebuild rebuild;

    private RebuildRunner(WarehouseRebuild rebuild) {
        this.rebuild = rebuild;
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder()
                .appName("merchant-insights-etl-benchmark")
                .master("local[*]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                // The local driver's settings (spark-jobs's JobSession), which this module cannot call.
                .config("spark.sql.shuffle.partitions", args[6])
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.extensions", "com.datastax.spark.connector.CassandraSparkExtensions")
                .config("spark.cassandra.connection.host", args[0])
                .config("spark.cassandra.connection.port", args[1])
                .config("spark.cassandra.connection.localDC", args[2])
                .config("spark.cassandra.connection.keepAliveMS", 600_000)
                .config("spark.cassandra.auth.username", args[7])
                .config(
                        "spark.cassandra.auth.password",
                        System.getenv().getOrDefault("INSIGHTS_CASSANDRA_PASSWORD", ""))
                .getOrCreate();
        String password = System.getenv().getOrDefault("INSIGHTS_JDBC_PASSWORD", "");
        CubeEtlConfig config =
                new CubeEtlConfig(args[3], args[4], password, ZoneId.of(args[5]), CubeDefinitionFile.standard());
        PrintStream out = System.out;
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            RebuildRunner runner = new RebuildRunner(new WarehouseRebuild(spark, config));
            out.println(READY);
            for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
                try {
                    out.println(RESULT + json.writeValueAsString(runner.rebuild(hours(line))));
                } catch (Exception e) {
                    e.printStackTrace(out);
                    out.println(FAILED + String.valueOf(e).replace('\n', ' '));
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static List<Instant> hours(String command) {
        if (!command.startsWith("rebuild ")) {
            throw new IllegalArgumentException("unknown command: " + command);
        }
        return Arrays.stream(command.substring("rebuild ".length()).split(","))
                .map(Instant::parse)
                .toList();
    }

    /** The one call the benchmark measures: wall clock from the call to its return, and the rebuild's own summary. */
    private Map<String, Object> rebuild(List<Instant> hours) throws Exception {
        long t0 = System.nanoTime();
        WarehouseRebuild.Summary summary = rebuild.rebuild(hours);
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Long> rows = new LinkedHashMap<>();
        summary.rows().forEach((grain, n) -> rows.put(grain.wireName(), n));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("wall_ms", wallMs);
        result.put("events", summary.events());
        result.put("rows", rows);
        result.put("spark_ms", summary.sparkMs());
        result.put("index_ms", summary.indexMs());
        result.put("load_ms", summary.loadMs());
        result.put("total_ms", summary.totalMs());
        return result;
    }
}
