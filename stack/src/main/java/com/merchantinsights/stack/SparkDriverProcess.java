package com.merchantinsights.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local Spark driver: one JVM that hosts the streaming query and the scheduled cube ETL (decision 0002).
 * Its own JVM because Spark's classpath (Jackson 2.15, kafka-clients 3.4) is never shared with the services.
 * It answers {@code GET /ready} and, to callers sending the token it writes to {@link StackDirectories#controlToken()}
 * at each start (decision 0037), {@code POST /etl} and the rest on its control port. This class supervises it as Kubernetes
 * would: when the driver exits with {@link #EXIT_STALLED} (its streaming query hung, e.g. the connector after a
 * Cassandra restart, or a job ran out of memory) a fresh driver JVM is started on the same checkpoint, which resumes
 * the query.
 */
public final class SparkDriverProcess implements AutoCloseable {
    /**
     * The Spark JVM's heap (the local driver, and the ETL benchmark's rebuild JVM): 3 GB, 1.5 GB per core (the chart's
     * executors have 2 GB per core). With 1 GB the cube aggregation's hash maps of sketches (decision 0032) spent the
     * rebuild's CPU in the garbage collector: 89 CPU-s instead of 53 for the sparse shape.
     */
    public static final String HEAP = "-Xmx3g";

    static final String NAME = "spark-driver";
    static final String MAIN_CLASS = "com.merchantinsights.sparkjobs.LocalSparkDriver";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** A forced ETL run recomputes every dirty bucket; on a laptop-sized backlog that takes minutes, not hours. */
    static final Duration ETL_TIMEOUT = Duration.ofMinutes(30);
    /** The driver's exit status when its query stalled or a job ran out of memory: "restart me" (LocalSparkDriver.EXIT_STALLED). */
    public static final int EXIT_STALLED = 70;

    private final JavaLaunch launch;
    private final StackDirectories dirs;
    private final Progress progress;
    private final int controlPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger supervisedRestarts = new AtomicInteger();
    private volatile ChildProcess process;
    private volatile boolean closing;

    private SparkDriverProcess(JavaLaunch launch, StackDirectories dirs, int controlPort, Progress progress) {
        this.launch = launch;
        this.dirs = dirs;
        this.controlPort = controlPort;
        this.progress = progress;
    }

    /** Starts the driver against {@code engines} and waits until it reports ready. */
    public static SparkDriverProcess start(StackConfig config, LocalEngines engines, Progress progress)
            throws StackException {
        return start(config, engines.endpoints(), progress);
    }

    /** Starts the driver against engines that another process started (same ports, see {@link EngineEndpoints#of}). */
    public static SparkDriverProcess start(StackConfig config, EngineEndpoints endpoints, Progress progress)
            throws StackException {
        return start(config, endpoints, progress, List.of());
    }

    /**
     * As {@link #start(StackConfig, EngineEndpoints, Progress)}, with more driver options (e.g. a shorter
     * {@code --stall-timeout} for fault tests, {@code --max-offsets-per-trigger} for benchmarks).
     */
    public static SparkDriverProcess start(
            StackConfig config, EngineEndpoints endpoints, Progress progress, List<String> extraArgs)
            throws StackException {
        JavaLaunch base = launch(config, endpoints, classpath(config.projectHome()));
        List<String> args = new ArrayList<>(base.args());
        args.addAll(extraArgs);
        JavaLaunch launch = new JavaLaunch(
                base.name(), base.classpath(), base.jvmFlags(), base.mainClass(), args, base.environment());
        PortGuard.requireFree(Map.of(NAME + " control", config.ports().sparkControl()));
        config.directories().create();
        return start(launch, config.directories(), config.ports().sparkControl(), progress);
    }

    /** Starts {@code launch} as the supervised driver and waits until it answers ready on {@code controlPort}. */
    static SparkDriverProcess start(JavaLaunch launch, StackDirectories dirs, int controlPort, Progress progress) {
        SparkDriverProcess driver = new SparkDriverProcess(launch, dirs, controlPort, progress);
        driver.launchAndAwaitReady();
        return driver;
    }

    private void launchAndAwaitReady() {
        long started = System.nanoTime();
        progress.step(NAME, "starting");
        ChildProcess child = ChildProcess.start(launch, dirs);
        process = child;
        try {
            Readiness.await(NAME, child, READY_TIMEOUT, this::checkReady);
        } catch (RuntimeException e) {
            child.kill();
            throw e;
        }
        progress.step(NAME, "ready in " + Readiness.elapsed(started) + " (control port " + controlPort + ")");
        child.onExit().thenRun(() -> onExit(child));
    }

    /**
     * Runs when a driver JVM exits. A stalled driver (status 70) is replaced; any other exit is left alone: a
     * graceful stop is ours, a kill is a fault test's (which restarts it with {@link #restart()}), and a crash
     * must show in {@code status} rather than loop.
     */
    private void onExit(ChildProcess child) {
        if (closing || child != process || child.exitCode().orElse(-1) != EXIT_STALLED) {
            return;
        }
        child.forget();
        progress.step(
                NAME,
                "exited with status " + EXIT_STALLED
                        + " (streaming query stalled or out of memory); starting a new driver");
        Thread replacement = new Thread(
                () -> {
                    try {
                        synchronized (this) {
                            if (closing || child != process) {
                                return;
                            }
                            supervisedRestarts.incrementAndGet();
                            launchAndAwaitReady();
                        }
                    } catch (RuntimeException e) {
                        progress.step(NAME, "restart failed: " + e.getMessage());
                    }
                },
                "spark-driver-restart");
        replacement.setDaemon(true);
        replacement.start();
    }

    /** Starts a new driver JVM after a {@link #kill()} (the checkpoint resumes the query) and waits until it is ready. */
    public synchronized void restart() {
        if (process.isAlive()) {
            throw new StackException(NAME, NAME + " is still running (pid " + process.pid() + ")");
        }
        launchAndAwaitReady();
    }

    /** How many times a stalled driver was replaced by this supervisor. */
    public int supervisedRestarts() {
        return supervisedRestarts.get();
    }

    /** Waits until the current driver JVM answers ready (after a supervised restart, say). */
    public void awaitReady(Duration timeout) {
        Readiness.await(NAME, process, timeout, this::checkReady);
    }

    /** What a cluster's SparkApplication runs for an operator's act (decision 0052). */
    static final String ADMIN_ACT_CLASS = "com.merchantinsights.sparkjobs.AdminActJob";

    /**
     * Runs one operator's act as a cluster does in a one-off SparkApplication (AdminActJob, decision 0052): the driver's
     * engine options, then {@code actArgs} ({@code --operation-id}, {@code --act}, {@code --act-query}), in a JVM of its
     * own beside the running driver; waits for it to exit.
     *
     * @return its exit status (0: the act succeeded; the operation's row says what came of it either way)
     */
    public static int runAdminAct(
            StackConfig config, EngineEndpoints endpoints, List<String> actArgs, Duration timeout) {
        JavaLaunch driver = launch(config, endpoints, classpath(config.projectHome()));
        List<String> args = new ArrayList<>(driver.args());
        args.addAll(actArgs);
        // What spark-submit gives a cluster's driver as system properties: its master and address, here local ones.
        List<String> flags = new ArrayList<>(driver.jvmFlags());
        flags.addAll(List.of(
                "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1"));
        JavaLaunch act =
                new JavaLaunch("admin-act", driver.classpath(), flags, ADMIN_ACT_CLASS, args, driver.environment());
        try (ChildProcess child = ChildProcess.start(act, config.directories())) {
            if (!child.awaitExit(timeout)) {
                child.kill();
                throw StackException.withLog(
                        "admin-act",
                        "admin-act did not end within " + timeout,
                        null,
                        child.logFile(),
                        child.tail(ChildProcess.TAIL_LINES));
            }
            return child.exitCode().orElseThrow();
        }
    }

    /** The driver's classpath: spark-jobs's dependencies, then its own classes. */
    static String classpath(Path projectHome) {
        String dependencies = EngineClasspath.read(NAME, projectHome, EngineClasspath.SPARK_MODULE);
        Path classes = projectHome.resolve(EngineClasspath.SPARK_MODULE).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new StackException(NAME, NAME + ": " + classes + " is missing: " + ProjectHome.BUILD_HINT);
        }
        return dependencies + ":" + classes;
    }

    /** The driver's command line; package-private so that a unit test checks it without starting Spark. */
    static JavaLaunch launch(StackConfig config, EngineEndpoints endpoints, String classpath) {
        List<String> flags = new ArrayList<>(BuildSettings.sparkJvmFlags());
        flags.add(HEAP);
        List<String> args = List.of(
                "--kafka-bootstrap", endpoints.kafkaBootstrapServers(),
                "--cassandra-host", endpoints.cassandraHosts(),
                "--cassandra-port",
                        String.valueOf(endpoints.cassandraContactPoint().getPort()),
                "--cassandra-dc", endpoints.cassandraLocalDatacenter(),
                "--cassandra-user", endpoints.cassandraUser(),
                "--jdbc-url", endpoints.jdbcUrl(),
                "--jdbc-user", endpoints.jdbcUser(),
                "--checkpoint-dir",
                        config.directories().spark().resolve("checkpoints").toString(),
                "--archive-dir", config.directories().archive().toString(),
                "--feed-dir", config.directories().feed().toString(),
                "--etl-interval", config.etlInterval().toString(),
                "--default-zone", config.defaultZone(),
                "--control-port", String.valueOf(config.ports().sparkControl()),
                "--control-token-file", config.directories().controlToken().toString());
        // Spark picks its driver address from the host name otherwise, which may not resolve to loopback.
        // The password travels in the environment, not on the command line that every user's ps can read.
        return new JavaLaunch(
                NAME,
                classpath,
                flags,
                MAIN_CLASS,
                args,
                Map.of(
                        "SPARK_LOCAL_IP",
                        "127.0.0.1",
                        "INSIGHTS_JDBC_PASSWORD",
                        endpoints.jdbcPassword(),
                        "INSIGHTS_CASSANDRA_PASSWORD",
                        endpoints.cassandraPassword()));
    }

    private void checkReady() throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request("/ready").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /ready answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The driver's {@code GET /status} JSON: the streaming query's progress and counters, the ETL's state. */
    public String status() {
        try {
            HttpResponse<String> response =
                    http.send(authorized("/status").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new StackException(NAME, "spark-driver: GET /status answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new StackException(NAME, "spark-driver: GET /status failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(NAME, "spark-driver: interrupted during GET /status", e);
        }
    }

    /** Runs the cube ETL now ({@code POST /etl}) and returns the driver's JSON report of the run. */
    public String runEtlNow() {
        return post("/etl");
    }

    /**
     * Rebuilds every grain of the UTC hours in [from, to) from raw history ({@code POST /rebuild-warehouse}) beside the
     * live cube, or in its place when {@code swap}; returns the driver's JSON report (its {@code schema} holds the
     * built tables).
     */
    public String rebuildWarehouse(java.time.Instant from, java.time.Instant to, boolean swap) {
        return post("/rebuild-warehouse?from=" + from + "&to=" + to + "&swap=" + swap);
    }

    /** A POST that runs a job and waits for it (up to the ETL's timeout); the driver's log tail on failure. */
    private String post(String pathAndQuery) {
        String route = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        HttpResponse<String> response;
        try {
            response = http.send(
                    authorized(pathAndQuery)
                            .timeout(ETL_TIMEOUT)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw StackException.withLog(
                    NAME,
                    "spark-driver: POST " + route + " failed",
                    e,
                    process.logFile(),
                    process.tail(ChildProcess.TAIL_LINES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(NAME, "spark-driver: interrupted during POST " + route, e);
        }
        if (response.statusCode() != 200) {
            throw StackException.withLog(
                    NAME,
                    "spark-driver: POST " + route + " answered " + response.statusCode() + ": " + response.body(),
                    null,
                    process.logFile(),
                    process.tail(ChildProcess.TAIL_LINES));
        }
        return response.body();
    }

    /** A request to any route but {@code /ready}: with the token the current driver JVM wrote. */
    private HttpRequest.Builder authorized(String path) {
        return DriverControlToken.authorize(request(path), dirs.controlToken());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path))
                .timeout(Duration.ofSeconds(5));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the driver gets no chance to clean up, as in a crash. For fault tests. */
    public void kill() {
        process.kill();
    }

    /** Graceful stop: SIGTERM, up to 30 s for Spark to stop its queries, then SIGKILL. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            process.stop(ChildProcess.DEFAULT_GRACE);
        }
    }
}
