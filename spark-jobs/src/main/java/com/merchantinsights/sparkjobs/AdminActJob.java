package com.merchantinsights.sparkjobs;

import com.merchantinsights.etl.CubeEtl;
import com.merchantinsights.etl.CubeRebuild;
import com.merchantinsights.etl.EtlSummary;
import com.merchantinsights.etl.ReprocessRunJson;
import com.merchantinsights.etl.Reprocessing;
import com.merchantinsights.etl.WarehouseRebuild;
import com.merchantinsights.etl.operations.OperationLog;
import com.merchantinsights.stream.history.ArchiveSummary;
import com.merchantinsights.stream.history.RederiveRequest;
import com.merchantinsights.stream.history.RederiveStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One administrative act in a cluster (decision 0052): the operations service creates a SparkApplication running this
 * class for an operation it has logged; the act is the local driver's control route of the same name
 * ({@code POST /etl}, {@code POST /reprocess/switch}, …) with the client's parameters, run by the same code on a
 * driver without the stream; its answer is written to the operation's row. An act the route only starts (a reprocess
 * build, a re-derivation) writes that first answer as the operation's progress, then its progress until it ends.
 * Exits 0 when the act succeeded, 1 when it failed (the row says why either way).
 */
@Command(
        name = "admin-act",
        mixinStandardHelpOptions = true,
        description = "Runs one operation of the operations service on a Spark cluster and records its outcome.")
public final class AdminActJob implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminActJob.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Mixin
    DriverOptions options;

    @Option(names = "--operation-id", required = true, description = "The operation the operations service logged.")
    String operationId;

    @Option(
            names = "--act",
            required = true,
            description = "The driver's control route to run, method and path: 'POST /etl'.")
    String act;

    @Option(names = "--act-query", defaultValue = "", description = "The route's parameters, as a URL query.")
    String actQuery;

    private final Clock clock = Clock.systemUTC();

    public static void main(String[] args) {
        System.exit(new CommandLine(new AdminActJob()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String[] methodAndPath = act.strip().split("\\s+", 2);
        if (methodAndPath.length != 2) {
            return finish(
                    400,
                    ControlRoutes.json(400, Map.of("error", "--act is 'METHOD /path': " + act))
                            .body());
        }
        ControlRoutes.Response answer;
        SparkSession spark = null;
        AdminActs acts = null;
        try {
            options.validateForEtl();
            spark = JobSession.configured(options, "merchant-insights-" + operationId)
                    .getOrCreate();
            SchedulerPools.joinEtl(spark);
            CubeEtl cubeEtl = new CubeEtl(spark, options.etlConfig(), options.feedUrl(), clock);
            cubeEtl.verifySchema();
            acts = new AdminActs(spark, options, cubeEtl);
            OneOff driver = new OneOff(acts, spark);
            answer = new ControlRoutes(driver)
                    .handle(methodAndPath[0], methodAndPath[1], QueryParameters.parse(actQuery));
            if (answer.status() == 202) {
                answer = followStarted(acts, methodAndPath[1], answer);
            }
        } catch (Exception e) {
            LOG.error("operation {} ({}) failed", operationId, act, e);
            answer = ControlRoutes.json(500, Map.of("error", e.toString()));
        } finally {
            if (acts != null) {
                acts.close();
            }
            if (spark != null) {
                spark.stop();
            }
        }
        return finish(answer.status(), answer.body());
    }

    /**
     * A route that only started its work (a reprocess build, a re-derivation): its first answer is the operation's
     * progress at once — the CLI takes the run from it — then its progress until the work ends, which is the outcome.
     */
    private ControlRoutes.Response followStarted(AdminActs acts, String path, ControlRoutes.Response started)
            throws Exception {
        progress(202, started.body());
        if (path.equals("/reprocess")) {
            long runId = ((Number) ((Map<?, ?>) Json.readTree(started.body())).get("run_id")).longValue();
            while (acts.reprocess.building()) {
                Thread.sleep(PROGRESS_EVERY.toMillis());
                acts.reprocessing.run(runId).ifPresent(run -> progress(202, Json.write(ReprocessRunJson.of(run))));
            }
            Map<String, Object> run =
                    ReprocessRunJson.of(acts.reprocessing.run(runId).orElseThrow());
            return ControlRoutes.json("built".equals(run.get("state")) ? 200 : 500, run);
        }
        // Until the runner stops, not until the status says so: a run that died before its first update leaves the
        // planned status "running" for ever.
        while (acts.rederive.running()) {
            RederiveStatus status = acts.rederive.latest();
            if (status != null) {
                progress(202, Json.write(ControlRoutes.summary(status)));
            }
            Thread.sleep(PROGRESS_EVERY.toMillis());
        }
        RederiveStatus last = acts.rederive.latest();
        return ControlRoutes.json(
                last != null && last.state() == RederiveStatus.State.COMPLETE ? 200 : 500,
                last == null
                        ? Map.of("error", "the re-derivation ended without a status")
                        : ControlRoutes.summary(last));
    }

    private void progress(int status, String body) {
        try (Connection c = warehouse()) {
            new OperationLog(c).progress(operationId, status, body, clock.instant());
        } catch (SQLException e) {
            LOG.warn("operation {}: progress not written", operationId, e);
        }
    }

    private int finish(int status, String body) throws SQLException {
        try (Connection c = warehouse()) {
            if (!new OperationLog(c).finish(operationId, status, body, clock.instant())) {
                LOG.warn(
                        "operation {} had already ended; its outcome stands, this one ({}) is dropped",
                        operationId,
                        status);
            }
        }
        LOG.info("operation {} ({}) ended with {}", operationId, act, status);
        return status / 100 == 2 ? 0 : 1;
    }

    private Connection warehouse() throws SQLException {
        return DriverManager.getConnection(
                options.jdbcUrl, options.jdbcUser, options.jdbcPassword == null ? "" : options.jdbcPassword);
    }

    /** The control routes' driver for one act: no stream, no schedule; every act runs now, on this thread. */
    private static final class OneOff implements ControlRoutes.Driver {
        private final AdminActs acts;
        private final SparkSession spark;

        OneOff(AdminActs acts, SparkSession spark) {
            this.acts = acts;
            this.spark = spark;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public EtlSummary runEtl() throws Exception {
            // As the local driver's and the scheduled cube-etl's: with the erasures it makes possible (issue 23).
            return acts.erasures.run(acts.cubeEtl::runUntilCaughtUp);
        }

        @Override
        public Map<String, Object> status() {
            return Map.of("one_off", true);
        }

        @Override
        public String metrics() {
            return "";
        }

        @Override
        public ArchiveSummary archive(Instant from, Instant to) {
            SchedulerPools.joinEtl(spark);
            return from == null ? acts.archiver.archiveMarkedHours() : acts.archiver.archiveRange(from, to);
        }

        @Override
        public void startRederive(RederiveRequest request) {
            acts.rederive.start(request);
        }

        @Override
        public WarehouseRebuild.Summary rebuildWarehouse(Instant from, Instant to, boolean swap) throws Exception {
            return acts.warehouseRebuild.rebuild(from, to, swap);
        }

        @Override
        public RederiveStatus rederiveStatus() {
            return acts.rederive.latest();
        }

        @Override
        public long startReprocess(CubeRebuild.Request request) throws Exception {
            return acts.reprocess.start(request);
        }

        @Override
        public Reprocessing reprocessing() {
            return acts.reprocessing;
        }
    }
}
