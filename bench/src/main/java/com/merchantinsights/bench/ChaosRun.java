package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.cli.InsightsCli;
import com.merchantinsights.cli.LocalSecrets;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.SparkDriverProcess;
import com.merchantinsights.stack.StackConfig;
import com.merchantinsights.stack.StackDirectories;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import picocli.CommandLine;

/**
 * The chaos run (issue 21): the whole system on {@code nodes}-node Kafka and Cassandra, the services in processes of
 * their own (one with the gateway, an events API, the insights and operations APIs; a second events API beside it),
 * a sustained load through the gateway ({@link ChaosLoad}) and insights queries ({@link ChaosQueries}) while the
 * {@link ChaosFault faults} are applied one after another, spread over the load's duration; then the settle phase
 * (every accepted event stored, then counted by the ETL) and the verdict ({@link ChaosVerdict}) from the client's
 * log of 202s, the raw store, the cube and the reconciliation command. A driver that exits by itself is started again
 * after 5 s, as Kubernetes would; a driver the run kills is started again by the run.
 */
public final class ChaosRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofMinutes(15);
    private static final Duration SETTLED_WHEN_UNCHANGED = Duration.ofSeconds(90);
    private static final int MERCHANTS = 20;

    /**
     * @param faults applied in this order, spread over {@code load}
     */
    public record Settings(
            Path workDir, int portOffset, int nodes, Duration load, double eventsPerSecond, List<ChaosFault> faults) {
        /** The full run: three-node engines, every fault. */
        public static Settings full(Path workDir, int portOffset, Duration load, double eventsPerSecond) {
            return new Settings(workDir, portOffset, 3, load, eventsPerSecond, ChaosFault.FULL);
        }

        /** The CI form: single-node engines, a Kafka and a Cassandra restart, a driver kill, an ETL kill. */
        public static Settings ciForm(Path workDir, int portOffset, Duration load, double eventsPerSecond) {
            return new Settings(workDir, portOffset, 1, load, eventsPerSecond, ChaosFault.SHORT);
        }
    }

    private final Settings settings;
    private final Progress progress;
    private final StackConfig config;
    private final AtomicBoolean driverPlannedDown = new AtomicBoolean();
    private final AtomicInteger driverRestarts = new AtomicInteger();
    private LocalEngines engines;
    private SparkDriverProcess driver;
    private ChildJvm eventsApi;
    private ChildJvm services;
    private ChaosQueries queries;

    private ChaosRun(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
        this.config = stackConfig(settings.workDir(), settings.portOffset(), settings.nodes());
    }

    /** The stack the run and its services process share: durable warehouse, ETL every minute. */
    static StackConfig stackConfig(Path workDir, int portOffset, int nodes) {
        return StackConfig.defaults(workDir)
                .withPorts(Ports.defaults().offsetBy(portOffset))
                .withNodes(nodes)
                .withDurableWarehouse(true)
                .withEtlInterval(Duration.ofMinutes(1));
    }

    /** Starts a fresh stack in {@code settings.workDir()}, runs, stops everything, and returns the verdict. */
    public static ChaosVerdict run(Settings settings, Progress progress) throws Exception {
        return new ChaosRun(settings, progress).run();
    }

    private ChaosVerdict run() throws Exception {
        StackDirectories.deleteTree(config.workDir());
        LocalSecrets secrets = LocalSecrets.loadOrCreate(config.workDir());
        engines = LocalEngines.start(config, progress);
        try (LocalEngines ignored = engines) {
            Path haltFile = config.workDir().resolve("halt-cube-refresh");
            driver = SparkDriverProcess.start(
                    config,
                    engines.endpoints(),
                    progress,
                    List.of(
                            "--stall-timeout",
                            "PT2M",
                            "--max-offsets-per-trigger",
                            "50000",
                            "--halt-file",
                            haltFile.toString()));
            int secondEventsApi = config.ports().eventsApi() + 10;
            URI secondEventsApiUri = URI.create("http://127.0.0.1:" + secondEventsApi);
            Path logs = config.directories().logs();
            eventsApi = new ChildJvm(
                    "events-api-2",
                    List.of("-Xmx256m", "-Dinsights.log.dir=" + logs),
                    "com.merchantinsights.events.EventsApiMain",
                    List.of(),
                    Map.of(
                            "INSIGHTS_KAFKA_BOOTSTRAP", engines.kafkaBootstrapServers(),
                            "INSIGHTS_IDENTITY_VERIFICATION_KEYS", secrets.identityVerificationKeys(),
                            "INSIGHTS_HTTP_HOST", "127.0.0.1",
                            "INSIGHTS_HTTP_PORT", Integer.toString(secondEventsApi),
                            "INSIGHTS_DRAIN_DELAY", "PT0S"),
                    logs.resolve("events-api-2.out"),
                    secondEventsApiUri.resolve("/health/ready"));
            URI gateway = URI.create("http://127.0.0.1:" + config.ports().gateway());
            services = new ChildJvm(
                    "services",
                    List.of("-Xmx768m", "-Dinsights.log.dir=" + logs),
                    ChaosServices.class.getName(),
                    List.of(
                            config.workDir().toString(),
                            Integer.toString(settings.portOffset()),
                            Integer.toString(settings.nodes()),
                            secondEventsApiUri.toString()),
                    Map.of(),
                    logs.resolve("services.out"),
                    gateway.resolve("/health/ready"));
            Thread watchdog = null;
            try {
                eventsApi.start();
                progress.step("events-api-2", "ready on port " + secondEventsApi);
                services.start();
                progress.step("services", "ready (gateway on " + gateway + ")");
                watchdog = driverWatchdog();
                return underLoad(gateway, secrets, haltFile);
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
                services.close();
                eventsApi.close();
                driver.close();
            }
        }
    }

    private ChaosVerdict underLoad(URI gateway, LocalSecrets secrets, Path haltFile) throws Exception {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        List<String> merchants = new ArrayList<>();
        for (int i = 0; i < MERCHANTS; i++) {
            merchants.add("chaos-" + run + "-" + i);
        }
        Instant firstHour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        List<String> applied = new ArrayList<>();
        try (ChaosLoad load = new ChaosLoad(
                gateway,
                secrets.platformKey(),
                merchants,
                firstHour,
                settings.eventsPerSecond(),
                4,
                run,
                config.workDir().resolve("accepted.log"))) {
            queries = new ChaosQueries(gateway, secrets.platformKey(), load);
            long started = System.nanoTime();
            load.start();
            queries.start();
            Thread timeline = timeline(load, started);
            List<ChaosFault> faults = settings.faults();
            for (int i = 0; i < faults.size(); i++) {
                // Fault i starts at (i + 1/2) / n of the load's duration, or as soon as the one before it ends.
                long due = started + (long) (settings.load().toNanos() * (i + 0.5) / faults.size());
                pauseUntil(due);
                ChaosFault fault = faults.get(i);
                long t0 = System.nanoTime();
                progress.step("chaos", fault + " (accepted so far: " + load.acceptedCount() + ")");
                apply(fault, haltFile);
                String done = fault + " in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s";
                applied.add(done);
                progress.step(
                        "chaos",
                        done + "; longest refusal so far "
                                + load.longestRefusal().toMillis() + " ms");
            }
            pauseUntil(started + settings.load().toNanos());
            load.stop();
            timeline.interrupt();
            double minutes = (System.nanoTime() - started) / 60e9;
            progress.step("chaos", "load stopped: " + load.acceptedCount() + " events accepted; settling");
            Counts counts = settle(load, merchants, firstHour);
            boolean reconciled = reconcile(firstHour);
            queries.close();
            ChaosVerdict verdict = new ChaosVerdict(
                    settings.nodes(),
                    minutes,
                    settings.eventsPerSecond(),
                    load.acceptedCount(),
                    counts.raw().stored(),
                    counts.counted(),
                    counts.lost(load.acceptedCount()),
                    counts.doubled(load.acceptedCount()),
                    load.longestRefusal().toMillis() / 1000.0,
                    load.p99Ms(),
                    load.retries(),
                    load.exactResends(),
                    load.differingResends(),
                    reconciled,
                    queries.wrong(),
                    load.unexpected(),
                    load.answers(),
                    queries.answers(),
                    driverRestarts.get(),
                    applied);
            progress.step(
                    "chaos", "ingest answers " + verdict.ingestAnswers() + ", query answers " + verdict.queryAnswers());
            verdict.wrongAnswers().stream().limit(10).forEach(w -> progress.step("chaos", "WRONG ANSWER " + w));
            verdict.unexpectedAnswers().stream().limit(10).forEach(w -> progress.step("chaos", "UNEXPECTED " + w));
            return verdict;
        }
    }

    /**
     * Every 5 s, a line of {@code timeline.csv} in the work directory: seconds since the load started, events
     * accepted, requests answered (all statuses) and the answers by status so far, to read a refusal's shape against
     * the faults' times in the output.
     */
    private Thread timeline(ChaosLoad load, long started) throws java.io.IOException {
        java.io.BufferedWriter csv = Files.newBufferedWriter(config.workDir().resolve("timeline.csv"));
        csv.write("seconds,accepted,answered,answers\n");
        Thread thread = new Thread(
                () -> {
                    try (csv) {
                        while (!Thread.currentThread().isInterrupted()) {
                            csv.write(String.format(
                                    java.util.Locale.ROOT,
                                    "%.0f,%d,%d,\"%s\"%n",
                                    (System.nanoTime() - started) / 1e9,
                                    load.acceptedCount(),
                                    load.answered(),
                                    load.answers()));
                            csv.flush();
                            LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
                        }
                    } catch (java.io.IOException e) {
                        progress.step("chaos", "timeline: " + e.getMessage());
                    }
                },
                "chaos-timeline");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void apply(ChaosFault fault, Path haltFile) {
        switch (fault) {
            case KAFKA_BROKER_KILLED -> {
                int leader = leaderOfFirstPartition();
                int victim = settings.nodes() == 1 ? 1 : leader % settings.nodes() + 1;
                engines.killKafkaNode(victim);
                // On one node every request is refused meanwhile: 5 s make the point (and keep the CI form short).
                pause(Duration.ofSeconds(settings.nodes() == 1 ? 5 : 20));
                engines.startKafkaNode(victim);
                awaitFullReplication();
            }
            case KAFKA_LEADER_KILLED -> {
                int leader = leaderOfFirstPartition();
                engines.killKafkaNode(leader);
                pause(Duration.ofSeconds(20));
                engines.startKafkaNode(leader);
                awaitFullReplication();
            }
            case CASSANDRA_NODES_KILLED -> {
                if (settings.nodes() == 1) {
                    engines.killCassandraNode(1);
                    pause(Duration.ofSeconds(5));
                    engines.startCassandraNode(1);
                } else {
                    engines.killCassandraNode(3);
                    pause(Duration.ofSeconds(30));
                    engines.killCassandraNode(2); // quorum lost for a while
                    pause(Duration.ofSeconds(15));
                    engines.startCassandraNode(2);
                    engines.startCassandraNode(3);
                }
            }
            case DRIVER_KILLED_MID_BATCH ->
                withDriverDown(() -> {
                    awaitCondition(
                            "a micro-batch with records in progress",
                            Duration.ofMinutes(5),
                            Duration.ofMillis(20),
                            () -> JSON.readTree(driver.status())
                                    .path("batch_in_progress")
                                    .asBoolean());
                    driver.kill();
                });
            case ETL_KILLED_LOADING -> haltRefreshAt("loaded", haltFile);
            case ETL_KILLED_AFTER_COMMIT -> haltRefreshAt("committed", haltFile);
            case POSTGRES_CRASHED -> {
                queries.rate(40);
                pause(Duration.ofSeconds(5));
                engines.crashPostgres();
                pause(Duration.ofSeconds(15));
                engines.startPostgres();
                pause(Duration.ofSeconds(10));
                queries.rate(4);
            }
            case EVENTS_API_KILLED -> {
                eventsApi.kill();
                pause(Duration.ofSeconds(20));
                eventsApi.start();
            }
            case SERVICES_KILLED -> {
                services.kill();
                services.start();
            }
        }
    }

    /** Arms the driver's halt file and runs a refresh; the driver halts at the point, and is started again. */
    private void haltRefreshAt(String point, Path haltFile) {
        withDriverDown(() -> {
            awaitFeedPending();
            Files.writeString(haltFile, point);
            try {
                driver.runEtlNow(); // a scheduled run may get there first: either halts
            } catch (RuntimeException e) {
                // the driver halted under the request
            }
            awaitCondition(
                    "the driver halted " + point,
                    Duration.ofMinutes(10),
                    Duration.ofMillis(200),
                    () -> !driver.isAlive());
            if (Files.exists(haltFile)) {
                throw new IllegalStateException("the driver exited without reaching the refresh's " + point + " point");
            }
        });
    }

    /**
     * A refresh now, then until the stream has stored events in two more micro-batches: the refresh that is halted
     * next has feed batches to apply (a just restarted driver's first refresh may have none, and a halt there would
     * prove nothing).
     */
    private void awaitFeedPending() {
        try {
            driver.runEtlNow();
        } catch (RuntimeException e) {
            progress.step("chaos", "ETL run before the halt failed: " + e.getMessage());
        }
        long batches = driverCounter("batches_stored");
        long events = driverCounter("events_stored_total");
        awaitCondition(
                "two micro-batches stored since the last refresh",
                Duration.ofMinutes(5),
                Duration.ofMillis(200),
                () -> driverCounter("batches_stored") >= batches + 2 && driverCounter("events_stored_total") > events);
    }

    private long driverCounter(String name) {
        try {
            return JSON.readTree(driver.status()).path(name).asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Takes the driver down by {@code step} (the watchdog looks away), then starts it again. */
    private void withDriverDown(Step step) {
        driverPlannedDown.set(true);
        try {
            step.run();
            driver.restart();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            driverPlannedDown.set(false);
        }
    }

    /** Starts a driver that exited by itself (not the run's doing) again after 5 s, as Kubernetes would. */
    private Thread driverWatchdog() {
        Thread thread = new Thread(
                () -> {
                    long deadSince = -1;
                    while (!Thread.currentThread().isInterrupted()) {
                        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                        if (driverPlannedDown.get() || driver.isAlive()) {
                            deadSince = -1;
                            continue;
                        }
                        if (deadSince < 0) {
                            deadSince = System.nanoTime();
                        } else if (System.nanoTime() - deadSince
                                > Duration.ofSeconds(5).toNanos()) {
                            try {
                                progress.step("chaos", "the driver exited by itself: starting it again");
                                driver.restart();
                                driverRestarts.incrementAndGet();
                            } catch (RuntimeException e) {
                                progress.step("chaos", "driver restart: " + e.getMessage());
                            }
                            deadSince = -1;
                        }
                    }
                },
                "chaos-driver-watchdog");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private Admin kafkaAdmin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(p);
    }

    private int leaderOfFirstPartition() {
        try (Admin admin = kafkaAdmin()) {
            TopicDescription events = admin.describeTopics(List.of(Topics.EVENTS))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.EVENTS);
            return events.partitions().get(0).leader().id();
        } catch (Exception e) {
            throw new IllegalStateException("no leader of " + Topics.EVENTS + "-0", e);
        }
    }

    /** Until every partition of the events topic has all its replicas in sync again. */
    private void awaitFullReplication() {
        try (Admin admin = kafkaAdmin()) {
            awaitCondition("the events topic fully replicated", Duration.ofMinutes(5), Duration.ofSeconds(1), () -> {
                TopicDescription events = admin.describeTopics(List.of(Topics.EVENTS))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(Topics.EVENTS);
                for (TopicPartitionInfo partition : events.partitions()) {
                    if (partition.leader() == null
                            || partition.isr().size() < partition.replicas().size()) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(String what, Duration timeout, Duration poll, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                // not yet (an engine restarting answers with errors meanwhile)
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout + ": " + what);
            }
            LockSupport.parkNanos(poll.toNanos());
        }
    }

    private static void pause(Duration duration) {
        pauseUntil(System.nanoTime() + duration.toNanos());
    }

    private static void pauseUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** What the raw store holds of the run's merchants: rows in the first version, and rows that should not be. */
    private record RawCounts(long stored, long extraRows, long laterVersions, long unknown) {}

    /**
     * The stores' view of the run's merchants. An event missing from the raw store is missing from the cube too, so
     * each verdict is the worse of the two stores, not their sum.
     */
    private record Counts(RawCounts raw, long counted) {
        long lost(long accepted) {
            return Math.max(accepted - raw.stored() - raw.laterVersions(), Math.max(0, accepted - counted));
        }

        long doubled(long accepted) {
            return Math.max(raw.extraRows() + raw.laterVersions() + raw.unknown(), Math.max(0, counted - accepted));
        }
    }

    /**
     * Waits until the raw store holds every accepted event (up to 15 minutes), then runs the ETL until the cube counts
     * them all (up to 15 more); returns what the stores hold then, whatever it is.
     */
    private Counts settle(ChaosLoad load, List<String> merchants, Instant firstHour) throws Exception {
        long accepted = load.acceptedCount();
        try (CqlSession cassandra =
                engines.endpoints().cql().withKeyspace(RawEventLayout.KEYSPACE).build()) {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            long unchangedSince = System.nanoTime();
            RawCounts raw = null;
            do {
                RawCounts now = rawCounts(cassandra, load, merchants, firstHour);
                if (!now.equals(raw)) {
                    unchangedSince = System.nanoTime();
                }
                raw = now;
                if (raw.stored() + raw.laterVersions() >= accepted) {
                    break;
                }
                // The stream stores a backlog within seconds here; a minute without a new row means what is missing
                // is not coming (lost), and waiting out the deadline would only delay the verdict.
                if (System.nanoTime() - unchangedSince > SETTLED_WHEN_UNCHANGED.toNanos()) {
                    break;
                }
                LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
            } while (System.nanoTime() < deadline);
            progress.step("chaos", "raw store: " + raw);
            deadline = System.nanoTime() + SETTLE.toNanos();
            unchangedSince = System.nanoTime();
            long counted = -1;
            do {
                try {
                    driver.runEtlNow();
                } catch (RuntimeException e) {
                    progress.step("chaos", "ETL run failed: " + e.getMessage());
                }
                long before = counted;
                counted = cubeCount(merchants);
                if (counted >= accepted) {
                    break; // the cube's counts only grow: above is counted twice already
                }
                if (counted != before) {
                    unchangedSince = System.nanoTime();
                } else if (System.nanoTime() - unchangedSince > SETTLED_WHEN_UNCHANGED.toNanos()) {
                    break; // ETL runs that add nothing more: the rest is lost
                }
                LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
            } while (System.nanoTime() < deadline);
            // The raw store again: a row that arrived late (or twice) after the first look shows now.
            return new Counts(rawCounts(cassandra, load, merchants, firstHour), counted);
        }
    }

    private RawCounts rawCounts(CqlSession cassandra, ChaosLoad load, List<String> merchants, Instant firstHour) {
        long stored = 0;
        long extraRows = 0;
        long laterVersions = 0;
        long unknown = 0;
        for (String merchant : merchants) {
            Map<String, Long> truth = load.accepted().get(merchant);
            Map<String, Integer> seen = new HashMap<>();
            for (int h = 0; h < 3; h++) {
                Instant hour = firstHour.plus(h, ChronoUnit.HOURS);
                for (int shard : RawEventLayout.allShards()) {
                    for (Row row : cassandra.execute(SimpleStatement.newInstance(
                                    "SELECT event_id, amount FROM raw_events WHERE event_hour = ? AND shard = ?"
                                            + " AND merchant_id = ?",
                                    RawEventLayout.eventHour(hour),
                                    shard,
                                    merchant)
                            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                            .setTimeout(Duration.ofSeconds(10)))) {
                        String id = row.getString(0);
                        long amount = row.getLong(1);
                        if (seen.merge(id, 1, Integer::sum) > 1) {
                            extraRows++;
                            continue;
                        }
                        Long first = truth.get(id);
                        if (first == null) {
                            unknown++;
                        } else if (first == amount) {
                            stored++;
                        } else {
                            laterVersions++;
                        }
                    }
                }
            }
        }
        return new RawCounts(stored, extraRows, laterVersions, unknown);
    }

    /** The events the cube's totals cuboid counts for the run's merchants, all buckets. */
    private long cubeCount(List<String> merchants) {
        var endpoints = engines.endpoints();
        try (Connection warehouse = DriverManager.getConnection(
                        endpoints.jdbcUrl(), endpoints.jdbcUser(), endpoints.jdbcPassword());
                PreparedStatement total = warehouse.prepareStatement("SELECT coalesce(sum(event_count), 0) FROM"
                        + " cube_quarter_hour WHERE cuboid = ? AND merchant_id = ANY (?)")) {
            Array ids = warehouse.createArrayOf("text", merchants.toArray());
            total.setString(1, GroupingSet.TOTALS_ID);
            total.setArray(2, ids);
            try (ResultSet rows = total.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            progress.step("chaos", "cube count failed: " + e.getMessage());
            return -1;
        }
    }

    /** {@code bin/insights reconcile} over the run's hours: exit 0 when the stores agree. */
    private boolean reconcile(Instant firstHour) {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new InsightsCli())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(out, true))
                .execute(
                        "reconcile",
                        "--from",
                        firstHour.toString(),
                        "--to",
                        firstHour.plus(3, ChronoUnit.HOURS).toString(),
                        "--settle",
                        "PT0S",
                        "--work-dir",
                        config.workDir().toString(),
                        "--port-offset",
                        Integer.toString(settings.portOffset()));
        progress.step("chaos", "reconcile exit " + exit + ": " + out.toString().strip());
        return exit == 0;
    }
}
