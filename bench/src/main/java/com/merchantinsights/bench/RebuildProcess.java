package com.merchantinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.SparkDriverProcess;
import com.merchantinsights.stack.StackConfig;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The ETL benchmark's Spark JVM ({@link RebuildRunner}) seen from the benchmark: started once on the Spark driver's
 * class path (spark-jobs's, as the stack starts the driver) with this module's classes, asked for rebuilds one at a
 * time over its stdin, its answers read from its stdout. Every other line it prints goes to its log file.
 */
final class RebuildProcess implements AutoCloseable {
    /** RebuildRunner's name, as a string: that class needs Spark, which this JVM does not have. */
    static final String MAIN_CLASS = "com.merchantinsights.bench.RebuildRunner";

    private static final String SPARK_MODULE = "spark-jobs";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(30);
    /** The local driver's shuffle partitions (spark-jobs's --shuffle-partitions default). */
    private static final int SHUFFLE_PARTITIONS = 4;

    /** One rebuild's summary, and the wall clock from the call to its return inside the Spark JVM. */
    record Rebuilt(
            long wallMs, long events, Map<String, Long> rows, long sparkMs, long indexMs, long loadMs, long totalMs) {
        long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path logFile;

    private RebuildProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> pump(process.getInputStream()), "rebuild-runner-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the Spark JVM against {@code engines} and waits until its session is up. */
    static RebuildProcess start(StackConfig config, LocalEngines engines, Path logFile) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(sparkJvmFlags());
        command.add(SparkDriverProcess.HEAP); // as the local driver
        String jfr = System.getProperty("bench.jfr");
        if (jfr != null) {
            // BENCH_JFR=DIR through bench/run: a profile of the whole Spark JVM (both shapes, both runs).
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr, "rebuild.jfr"));
        }
        command.add("-cp");
        command.add(classpath(config.projectHome()));
        command.add(MAIN_CLASS);
        command.addAll(List.of(
                engines.cassandraContactPoint().getHostString(),
                String.valueOf(engines.cassandraContactPoint().getPort()),
                engines.cassandraLocalDatacenter(),
                engines.jdbcUrl(),
                engines.jdbcUser(),
                config.defaultZone(),
                String.valueOf(SHUFFLE_PARTITIONS),
                engines.endpoints().cassandraUser()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("INSIGHTS_JDBC_PASSWORD", engines.jdbcPassword());
        builder.environment()
                .put("INSIGHTS_CASSANDRA_PASSWORD", engines.endpoints().cassandraPassword());
        try {
            Files.createDirectories(logFile.getParent());
            Files.deleteIfExists(logFile);
            RebuildProcess started = new RebuildProcess(builder.start(), logFile);
            started.await(RebuildRunner.READY, READY_TIMEOUT);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the rebuild JVM", e);
        }
    }

    /** Rebuilds every grain of {@code hours} for all merchants, and waits for it. */
    Rebuilt rebuild(Collection<Instant> hours) throws InterruptedException {
        send("rebuild " + hours.stream().map(Instant::toString).collect(Collectors.joining(",")));
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(await(RebuildRunner.RESULT, REBUILD_TIMEOUT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        json.path("rows")
                .fields()
                .forEachRemaining(r -> rows.put(r.getKey(), r.getValue().asLong()));
        return new Rebuilt(
                json.path("wall_ms").asLong(),
                json.path("events").asLong(),
                rows,
                json.path("spark_ms").asLong(),
                json.path("index_ms").asLong(),
                json.path("load_ms").asLong(),
                json.path("total_ms").asLong());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            send("quit");
        } catch (UncheckedIOException e) {
            // it is gone already
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the rebuild JVM does not listen (see " + logFile + ")", e);
        }
    }

    /** The rest of the next answer line that starts with {@code prefix}; a failure answer or an exit throws. */
    private String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = answers.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            if (line != null && line.startsWith(RebuildRunner.FAILED)) {
                throw new IllegalStateException("the rebuild failed: " + line.substring(RebuildRunner.FAILED.length())
                        + " (see " + logFile + ")");
            }
            if (line == null && !process.isAlive() && answers.isEmpty()) {
                throw new IllegalStateException(
                        "the rebuild JVM exited with status " + process.exitValue() + " (see " + logFile + ")");
            }
        }
        throw new IllegalStateException("no answer from the rebuild JVM in " + timeout + " (see " + logFile + ")");
    }

    /** Answer lines to the queue, everything else (Spark's log) to the log file. */
    private void pump(InputStream output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                Writer log = Files.newBufferedWriter(
                        logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("rebuild-runner ")) {
                    answers.add(line);
                } else {
                    log.write(line + "\n");
                    log.flush();
                }
            }
        } catch (IOException e) {
            // the process ended; await() reports its exit
        }
    }

    /** The Spark driver's dependencies and classes (its logging set-up among them), then this module's classes. */
    private static String classpath(Path projectHome) {
        Path module = projectHome.resolve(SPARK_MODULE);
        try {
            String dependencies =
                    Files.readString(module.resolve("target/classpath.txt")).strip();
            Path benchClasses = Path.of(RebuildProcess.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return dependencies + ":" + module.resolve("target/classes") + ":" + benchClasses;
        } catch (IOException e) {
            throw new UncheckedIOException("spark-jobs is not built: run ./mvnw install -DskipTests", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JVM flags Spark needs on Java 17, as the build wrote them for the stack (root POM's spark.jvm.flags). */
    private static List<String> sparkJvmFlags() {
        Properties properties = new Properties();
        try (InputStream in = LocalEngines.class
                .getClassLoader()
                .getResourceAsStream("com/merchantinsights/stack/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("the stack's build.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(properties.getProperty("spark.jvm.flags").strip().split("\\s+"));
    }
}
