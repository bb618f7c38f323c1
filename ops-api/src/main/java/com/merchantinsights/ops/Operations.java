package com.merchantinsights.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.etl.operations.OperationLog;
import com.merchantinsights.service.Json;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long administrative acts (ETL, archive, switch, rollback…) run here or in a one-off SparkApplication, never on
 * the request's thread: they take minutes to hours, longer than any proxy holds a connection. The route answers 202
 * with the operation's id at once; {@code GET /v1/admin/operations/{id}} tells how it went, from whichever replica
 * of the service: every operation is logged in the warehouse ({@link OperationLog}, decision 0052). An act this
 * instance runs beats a heartbeat; one whose instance stopped is failed by the next read, as is one whose
 * SparkApplication ended without writing its outcome.
 */
final class Operations implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofSeconds(20);
    /** Three missed heartbeats: the instance that ran the act is gone. */
    static final Duration LOST_AFTER = HEARTBEAT.multipliedBy(3);
    /**
     * How long a SparkApplication may be absent after its operation was logged: the row is written before the
     * application is created, and a read in between must not call it gone.
     */
    static final Duration SUBMIT_GRACE = Duration.ofMinutes(2);
    /** Finished operations are kept this long (the audit keeps who asked for good). */
    static final Duration KEPT = Duration.ofDays(90);

    /** Serialises the check "no Spark act running" with the logging of a new one across the service's replicas. */
    private static final long SPARK_ACT_LOCK = 0x4d49_5350_4b41_4354L;

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    /**
     * What an act answered (its status and JSON), or why it could not run (503, the reason).
     *
     * @param status an HTTP status: 2xx succeeded
     * @param result its answer (an error object on failure)
     */
    record Outcome(int status, JsonNode result) {
        boolean succeeded() {
            return status / 100 == 2;
        }
    }

    /** An act run by this service: asks the driver, or runs a library, and says what came of it. */
    interface Work {
        Outcome run() throws Exception;
    }

    private final Clock clock;
    private final DataSource warehouse;
    private final Optional<SparkJobs> sparkJobs;
    private final String runner;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "ops-operation");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ops-operation-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    Operations(Clock clock, DataSource warehouse, Optional<SparkJobs> sparkJobs) {
        this.clock = clock;
        this.warehouse = warehouse;
        this.sparkJobs = sparkJobs;
        this.runner = OperationLog.SERVICE + host();
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        heartbeat.scheduleWithFixedDelay(this::prune, 1, TimeUnit.DAYS.toMinutes(1), TimeUnit.MINUTES);
    }

    /** Whether the Spark acts run as one-off SparkApplications here (a cluster) rather than on a local driver. */
    boolean inCluster() {
        return sparkJobs.isPresent();
    }

    /** Logs the act and runs it on this instance. */
    OperationLog.Operation start(String action, String parameters, String requestedBy, Work work) throws SQLException {
        String id = newId();
        log(id, action, parameters, requestedBy, runner);
        runningHere.add(id);
        executor.execute(() -> {
            Outcome outcome;
            try {
                outcome = work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = OpsRoutes.failure(503, "the operations service stopped while the act ran");
            } catch (Exception e) {
                outcome = OpsRoutes.failure(503, e.getMessage());
            }
            try {
                finish(id, outcome);
            } finally {
                runningHere.remove(id);
            }
        });
        return find(id).orElseThrow();
    }

    /** Another Spark act is running: one at a time, as in the local driver (409 with its id). */
    static final class Busy extends Exception {
        Busy(OperationLog.Operation running) {
            super("operation " + running.id() + " (" + running.action() + ") is running; one Spark act at a time");
        }
    }

    /**
     * Logs the act and creates the one-off SparkApplication that runs it ({@code act}: the driver's method and path,
     * {@code query}: the client's parameters). One Spark act at a time, across the service's replicas: the builds,
     * switches, archives and rebuilds rely on it as the local driver's one JVM guaranteed it. A refused application
     * fails the operation at once.
     */
    OperationLog.Operation submit(String action, String act, String query, String requestedBy)
            throws SQLException, Busy {
        SparkJobs jobs = sparkJobs.orElseThrow();
        // A running one may be lost: reading it settles that first.
        Optional<OperationLog.Operation> running = oldestRunningSparkAct();
        if (running.isPresent()
                && get(running.get().id())
                        .map(o -> o.state() == OperationLog.State.RUNNING)
                        .orElse(false)) {
            throw new Busy(running.get());
        }
        String id = newId();
        String application = KubernetesSparkJobs.applicationName(id);
        try (Connection connection = warehouse.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, SPARK_ACT_LOCK);
                lock.execute();
                OperationLog log = new OperationLog(connection);
                Optional<OperationLog.Operation> other = log.oldestRunning(OperationLog.SPARK_APPLICATION);
                if (other.isPresent()) {
                    connection.rollback();
                    throw new Busy(other.get());
                }
                log.start(
                        id, action, query, requestedBy, OperationLog.SPARK_APPLICATION + application, clock.instant());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        try {
            jobs.submit(id, act, query);
        } catch (SparkJobs.SubmitFailed e) {
            LOG.warn("operation {}: {}", id, e.getMessage());
            // A creation that timed out may have been made after all: it must not run an act reported as failed.
            jobs.cancel(application);
            finish(id, OpsRoutes.failure(503, e.getMessage()));
        }
        return find(id).orElseThrow();
    }

    private Optional<OperationLog.Operation> oldestRunningSparkAct() throws SQLException {
        try (Connection connection = warehouse.getConnection()) {
            return new OperationLog(connection).oldestRunning(OperationLog.SPARK_APPLICATION);
        }
    }

    /**
     * The operation as logged. A running one whose runner is gone — this service's instance stopped beating, or its
     * SparkApplication ended without writing — is failed first, with the reason.
     */
    Optional<OperationLog.Operation> get(String id) throws SQLException {
        Optional<OperationLog.Operation> found = find(id);
        if (found.isEmpty() || found.get().state() != OperationLog.State.RUNNING) {
            return found;
        }
        OperationLog.Operation operation = found.get();
        boolean justSubmitted =
                Duration.between(operation.startedAt(), operation.readAt()).compareTo(SUBMIT_GRACE) < 0;
        Optional<String> lost = operation.sparkApplication().isPresent()
                ? justSubmitted
                        ? Optional.empty()
                        : sparkJobs.flatMap(jobs ->
                                jobs.failure(operation.sparkApplication().get()))
                : lostHere(operation);
        if (lost.isPresent()) {
            finish(id, OpsRoutes.failure(500, "the act did not finish: " + lost.get()));
            return find(id);
        }
        return found;
    }

    /** The newest operation of an action, as {@link #get} tells it. */
    Optional<OperationLog.Operation> latest(String action) throws SQLException {
        Optional<OperationLog.Operation> newest;
        try (Connection connection = warehouse.getConnection()) {
            newest = new OperationLog(connection).latest(action);
        }
        return newest.isEmpty() ? newest : get(newest.get().id());
    }

    private Optional<String> lostHere(OperationLog.Operation operation) {
        if (runningHere.contains(operation.id())) {
            return Optional.empty();
        }
        Duration silent = Duration.between(operation.heartbeatAt(), operation.readAt());
        return silent.compareTo(LOST_AFTER) > 0
                ? Optional.of("the operations service instance running it (" + operation.runner() + ") stopped beating "
                        + silent.toSeconds() + " s ago")
                : Optional.empty();
    }

    private void log(String id, String action, String parameters, String requestedBy, String runnerName)
            throws SQLException {
        try (Connection connection = warehouse.getConnection()) {
            new OperationLog(connection).start(id, action, parameters, requestedBy, runnerName, clock.instant());
        }
    }

    private void finish(String id, Outcome outcome) {
        try (Connection connection = warehouse.getConnection()) {
            boolean written = new OperationLog(connection)
                    .finish(id, outcome.status(), Json.mapper().writeValueAsString(outcome.result()), clock.instant());
            if (!written) {
                // Another replica judged it lost first (its heartbeat stopped): the first outcome stands.
                LOG.warn(
                        "operation {} had already ended; its outcome (status {}) is not recorded",
                        id,
                        outcome.status());
            }
        } catch (Exception e) {
            // The heartbeat stops with it: the next read reports the act lost rather than running for ever.
            LOG.error("operation {} ended with status {} but the warehouse did not take it", id, outcome.status(), e);
        }
    }

    private Optional<OperationLog.Operation> find(String id) throws SQLException {
        try (Connection connection = warehouse.getConnection()) {
            return new OperationLog(connection).find(id);
        }
    }

    private void beat() {
        if (runningHere.isEmpty()) {
            return;
        }
        try (Connection connection = warehouse.getConnection()) {
            OperationLog log = new OperationLog(connection);
            for (String id : runningHere) {
                log.heartbeat(id);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not beat the heartbeat of {} operation(s)", runningHere.size(), e);
        }
    }

    private void prune() {
        try (Connection connection = warehouse.getConnection()) {
            int pruned = new OperationLog(connection).prune(KEPT);
            if (pruned > 0) {
                LOG.info("forgot {} operation(s) that ended more than {} ago", pruned, KEPT);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not prune old operations", e);
        }
    }

    private String newId() {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        return "op_" + clock.millis() + "_" + HexFormat.of().formatHex(suffix);
    }

    private static String host() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        executor.shutdownNow();
    }
}
