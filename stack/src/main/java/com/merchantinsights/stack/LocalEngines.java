package com.merchantinsights.stack;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kafka, Cassandra and PostgreSQL of one local stack, started in parallel as child processes, each awaited ready
 * and given its schema. The CLI's {@code up} and the integration tests both start the engines through this class,
 * so that both run the same engines the same way.
 */
public final class LocalEngines implements AutoCloseable {
    /** The JVM that owns the engines records itself under this name, so that {@code down} stops it first. */
    static final String OWNER = "stack";

    private final StackConfig config;
    private final Progress progress;
    private final KafkaCluster kafka;
    private final CassandraCluster cassandra;
    private final PostgresNode postgres;
    private final EngineEndpoints endpoints;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable exitOwner;

    private LocalEngines(StackConfig config, Progress progress, String kafkaClasspath, String cassandraClasspath) {
        this.config = config;
        this.progress = progress;
        this.kafka = new KafkaCluster(config, kafkaClasspath);
        this.cassandra = new CassandraCluster(config, cassandraClasspath);
        this.postgres = new PostgresNode(config);
        this.endpoints = EngineEndpoints.of(config);
    }

    /**
     * Starts the three engines in parallel and returns once each is ready with its schema: the events topic, the
     * Cassandra schema of {@code core}, the warehouse migrated. On failure everything started is stopped again.
     */
    public static LocalEngines start(StackConfig config, Progress progress) throws StackException {
        long started = System.nanoTime();
        // Fail before starting anything: a missing build or a taken port would otherwise surface half-way.
        String kafkaClasspath =
                EngineClasspath.read(KafkaNode.NAME, config.projectHome(), EngineClasspath.KAFKA_MODULE);
        String cassandraClasspath =
                EngineClasspath.read(CassandraNode.NAME, config.projectHome(), EngineClasspath.CASSANDRA_MODULE);
        java.util.Map<String, Integer> ports =
                new java.util.LinkedHashMap<>(config.ports().enginePorts());
        ports.putAll(KafkaCluster.ports(config));
        ports.putAll(CassandraCluster.ports(config));
        PortGuard.requireFree(ports);
        config.directories().create();

        LocalEngines engines = new LocalEngines(config, progress, kafkaClasspath, cassandraClasspath);
        StopOnExit.register(engines);
        PidFile.of(ProcessHandle.current()).writeTo(config.directories().pidFile(OWNER));
        try {
            engines.startAll();
        } catch (RuntimeException | Error e) {
            engines.closeAfter(e);
            throw e;
        }
        progress.step("stack", "engines ready in " + Readiness.elapsed(started));
        return engines;
    }

    private void startAll() {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(
                3, task -> new Thread(task, "insights-stack-start-" + threadNumber.incrementAndGet()));
        try {
            CompletionService<Void> starts = new ExecutorCompletionService<>(executor);
            List<Future<Void>> pending = new ArrayList<>();
            pending.add(starts.submit(asStackFailure(KafkaNode.NAME, () -> kafka.start(progress))));
            pending.add(starts.submit(asStackFailure(CassandraNode.NAME, () -> cassandra.startWithSchema(progress))));
            pending.add(starts.submit(asStackFailure(PostgresNode.NAME, () -> {
                postgres.start(progress);
                postgres.migrate(progress);
            })));
            awaitAll(starts, pending.size());
        } finally {
            executor.shutdownNow();
        }
    }

    /** Runs {@code start}, reporting any failure as a {@link StackException} that names {@code component}. */
    private static Callable<Void> asStackFailure(String component, Runnable start) {
        return () -> {
            try {
                start.run();
                return null;
            } catch (StackException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StackException(component, component + " failed to start: " + e, e);
            }
        };
    }

    /**
     * Waits for every start. The first failure stops all engines, so that the others fail fast instead of timing
     * out; their failures are consequences of that stop and are not reported.
     */
    private void awaitAll(CompletionService<Void> starts, int count) {
        RuntimeException firstFailure = null;
        for (int i = 0; i < count; i++) {
            try {
                starts.take().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                StackException interrupted = new StackException("stack", "interrupted while starting the engines", e);
                closeAfter(interrupted);
                throw interrupted;
            } catch (ExecutionException e) {
                if (firstFailure == null) {
                    firstFailure = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new StackException("stack", "engine start failed: " + e.getCause(), e.getCause());
                    closeAfter(firstFailure);
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
    }

    public StackConfig config() {
        return config;
    }

    public EngineEndpoints endpoints() {
        return endpoints;
    }

    /** {@code 127.0.0.1:<kafka port>}, one per Kafka node. */
    public String kafkaBootstrapServers() {
        return endpoints.kafkaBootstrapServers();
    }

    /** Every Kafka node's SCRAM listener, for a client that logs in as a user (decision 0049). */
    public String kafkaSaslBootstrapServers() {
        return KafkaServerConfig.clusterSaslBootstrap(config.ports(), config.nodes());
    }

    public InetSocketAddress cassandraContactPoint() {
        return endpoints.cassandraContactPoint();
    }

    /** {@code datacenter1}: SimpleSnitch's data center, which drivers must name as their local one. */
    public String cassandraLocalDatacenter() {
        return endpoints.cassandraLocalDatacenter();
    }

    public String jdbcUrl() {
        return endpoints.jdbcUrl();
    }

    public String jdbcUser() {
        return endpoints.jdbcUser();
    }

    public String jdbcPassword() {
        return endpoints.jdbcPassword();
    }

    /**
     * Hands the engines' stop on JVM exit (Ctrl-C, SIGTERM from {@code down}) to {@code owner}, whose close stops what
     * depends on the engines first and the engines last. Otherwise the engines stop at exit in parallel with the
     * services that use them, and a service's readiness check waiting on a stopped PostgreSQL holds its graceful stop
     * for the whole grace.
     */
    public void stopOnExitThrough(AutoCloseable owner) {
        requireOpen();
        exitOwner = owner;
        StopOnExit.register(owner);
        StopOnExit.unregister(this);
    }

    /** Stops Cassandra gracefully (every node drains), keeping its data: for fault tests. */
    public void stopCassandra() {
        cassandra.stop();
        progress.step(CassandraNode.NAME, "stopped");
    }

    /** Stops one Cassandra node gracefully (1-based), keeping its data: for fault tests of a ring. */
    public void stopCassandraNode(int id) {
        CassandraNode node = cassandra.node(id);
        node.process().stop();
        progress.step(node.name(), "stopped");
    }

    /** Kills one Cassandra node (SIGKILL, 1-based): a crash, for the chaos run (issue 21). */
    public void killCassandraNode(int id) {
        CassandraNode node = cassandra.node(id);
        node.process().kill();
        progress.step(node.name(), "killed");
    }

    /** Starts one stopped or killed Cassandra node again on its data and waits until it answers as our role. */
    public void startCassandraNode(int id) {
        requireOpen();
        CassandraNode node = cassandra.node(id);
        long started = System.nanoTime();
        ChildProcess process = node.launch(progress);
        try (var ignored = node.awaitReady(process, started, progress)) {
            // answering
        }
    }

    /** Kills one Kafka node (SIGKILL, 1-based; its node id in the cluster): a crash, for the chaos run. */
    public void killKafkaNode(int id) {
        KafkaNode node = kafka.node(id);
        node.process().kill();
        progress.step(node.name(), "killed");
    }

    /**
     * Crashes PostgreSQL: SIGQUIT to the postmaster, PostgreSQL's immediate shutdown (every backend exits at once, no
     * checkpoint; the next start runs crash recovery). A SIGKILL would leave the backends holding the shared memory,
     * and no new postmaster could start until they noticed.
     */
    public void crashPostgres() {
        postgres.crash();
        progress.step(PostgresNode.NAME, "crashed (immediate shutdown)");
    }

    /** Starts PostgreSQL again on its data directory (after {@link #crashPostgres()}) and waits until it answers. */
    public void startPostgres() {
        requireOpen();
        postgres.start(progress);
    }

    /** Starts Cassandra again on the same data directories and waits until it is ready. */
    public void startCassandra() {
        requireOpen();
        cassandra.start(progress);
    }

    /** Stops Kafka gracefully (every node's controlled shutdown), keeping its logs: for fault tests. */
    public void stopKafka() {
        kafka.stop();
        progress.step(KafkaNode.NAME, "stopped");
    }

    /** Stops one Kafka node gracefully (1-based), keeping its log: for fault tests of a cluster. */
    public void stopKafkaNode(int id) {
        KafkaNode node = kafka.node(id);
        node.process().stop();
        progress.step(node.name(), "stopped");
    }

    /** Starts one stopped Kafka node again on its log (the others keep running). */
    public void startKafkaNode(int id) {
        requireOpen();
        KafkaNode node = kafka.node(id);
        node.launch(progress);
        progress.step(node.name(), "started");
    }

    /** Starts Kafka again on the same log directory and waits until it is ready. */
    public void startKafka() {
        requireOpen();
        kafka.start(progress);
    }

    /**
     * Stops all three and waits for their processes to exit: SIGTERM to Kafka and Cassandra first, so they shut down
     * while PostgreSQL stops, then the waits (reverse order of start, without adding the waits up).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<RuntimeException> failures = new ArrayList<>();
        run(failures, cassandra::requestStop);
        run(failures, kafka::requestStop);
        run(failures, postgres::close);
        run(failures, cassandra::awaitStop);
        run(failures, kafka::awaitStop);
        PidFile.delete(config.directories().pidFile(OWNER));
        StopOnExit.unregister(this);
        AutoCloseable owner = exitOwner;
        if (owner != null) {
            StopOnExit.unregister(owner);
        }
        progress.step("stack", "engines stopped");
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Closes after {@code failure}; a failure to stop is attached to it rather than hiding it. */
    private void closeAfter(Throwable failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void run(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new StackException("stack", "the engines of " + config.workDir() + " are closed");
        }
    }

    @Override
    public String toString() {
        return "LocalEngines[" + config.workDir() + "]";
    }
}
