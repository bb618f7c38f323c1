package com.merchantinsights.etl;

import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.etl.reprocess.CubeDiff;
import com.merchantinsights.etl.reprocess.CubeSwitch;
import com.merchantinsights.etl.reprocess.ReprocessRun;
import com.merchantinsights.etl.reprocess.ReprocessRuns;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's reprocessing verbs on the driver (decision 0016): build ({@link CubeRebuild}), diff, switch,
 * rollback, discard, list. A switch or rollback asks for a rebuild of the hours of its scope that a refresh touched
 * while the installed rows were not live, so a late event applied to the outgoing rows is not lost with them.
 */
public final class Reprocessing {
    private static final Logger LOG = LoggerFactory.getLogger(Reprocessing.class);

    private final SparkSession spark;
    private final CubeEtlConfig config;
    private final Clock clock;
    private final CubeRebuild rebuild;
    private final MetricCatalogue catalogue;
    private final RawVersions rawVersions;

    /**
     * The raw store's side of a switch (decision 0012): a run built from a re-derived raw version makes that version
     * the live raw events of its scope when its cubes switch, and gives the previous rows back on rollback.
     */
    public interface RawVersions {
        void backup(long runId, Collection<Instant> hours, Set<String> merchants);

        void promote(long runId, String rawVersion, Collection<Instant> hours, Set<String> merchants);

        void restore(long runId, Collection<Instant> hours, Set<String> merchants);
    }

    public Reprocessing(SparkSession spark, CubeEtlConfig config, Clock clock, RawVersions rawVersions) {
        this.spark = spark;
        this.config = config;
        this.clock = clock;
        this.rebuild = new CubeRebuild(spark, config, clock);
        this.catalogue = MetricCatalogue.standard(config.cube());
        this.rawVersions = rawVersions;
    }

    public CubeRebuild rebuild() {
        return rebuild;
    }

    public Optional<ReprocessRun> run(long runId) throws SQLException {
        try (Connection c = connect()) {
            return new ReprocessRuns(c).find(runId);
        }
    }

    public List<ReprocessRun> runs(int limit) throws SQLException {
        try (Connection c = connect()) {
            return new ReprocessRuns(c).latest(limit);
        }
    }

    /** The diff of a built run against the live cube as it is now. */
    public CubeDiff.Diff diff(long runId) throws SQLException {
        try (Connection c = connect()) {
            return new CubeDiff(c, catalogue).ofBuiltRun(runId);
        }
    }

    /**
     * Switches the run's cubes live, then (for a run built from a raw version) its raw rows. A switch whose raw
     * promotion was cut short is completed by asking for the switch again.
     */
    public CubeSwitch.Outcome switchTo(long runId, Duration keep) throws SQLException {
        CubeSwitch.Outcome outcome;
        ReprocessRun run;
        try (Connection c = connect()) {
            ReprocessRun before = new ReprocessRuns(c)
                    .find(runId)
                    .orElseThrow(() -> new CubeSwitch.ReprocessException("no run " + runId));
            boolean resumeRaw = before.state() == ReprocessRun.State.SWITCHED
                    && before.rawVersion() != null
                    && before.rawPromotedAt() == null;
            outcome = resumeRaw
                    ? new CubeSwitch.Outcome(runId, 0, 0, List.of())
                    : new CubeSwitch(c).switchTo(runId, keep, clock.instant());
            run = new ReprocessRuns(c).find(runId).orElseThrow();
        }
        if (run.rawVersion() != null) {
            promoteRaw(run);
            // A refresh while the raw rows were being promoted read the previous ones: those hours again too.
            try (Connection c = connect()) {
                outcome = new CubeSwitch.Outcome(
                        runId,
                        outcome.rowsReplaced(),
                        outcome.rowsInstalled(),
                        new CubeSwitch(c).refreshedSince(runId, run.startedAt()));
            }
        }
        refreshAgain(outcome);
        LOG.info(
                "reprocess run {} switched: {} live row(s) replaced by {}; {} hour(s) marked for refresh",
                runId,
                outcome.rowsReplaced(),
                outcome.rowsInstalled(),
                outcome.hoursToRefresh().size());
        return outcome;
    }

    public CubeSwitch.Outcome rollback(long runId, String requestedBy) throws SQLException {
        CubeSwitch.Outcome outcome;
        ReprocessRun run;
        try (Connection c = connect()) {
            outcome = new CubeSwitch(c).rollback(runId, requestedBy, clock.instant());
            run = new ReprocessRuns(c).find(runId).orElseThrow();
        }
        if (run.rawBackupAt() != null) {
            rawVersions.restore(runId, rebuild.hoursOf(run), Set.copyOf(run.merchants()));
            try (Connection c = connect()) {
                new ReprocessRuns(c).rawPromoted(runId, null);
            }
        }
        refreshAgain(outcome);
        LOG.info(
                "reprocess run {} rolled back: {} row(s) removed, {} restored",
                runId,
                outcome.rowsReplaced(),
                outcome.rowsInstalled());
        return outcome;
    }

    /**
     * All of the merchants' history in the cube, for a calendar rebuild: from the day before their oldest month row
     * (whatever their zone, the first local day starts after it) to the end of the current UTC hour.
     */
    public Optional<Instant[]> history(List<String> merchants) throws SQLException {
        try (Connection c = connect();
                java.sql.PreparedStatement p = c.prepareStatement("SELECT min(bucket_start) FROM "
                        + com.merchantinsights.etl.reprocess.ShadowSchema.live(
                                com.merchantinsights.core.time.Grain.MONTH)
                        + " WHERE merchant_id = ANY(?)")) {
            p.setArray(1, c.createArrayOf("text", merchants.toArray()));
            try (java.sql.ResultSet rs = p.executeQuery()) {
                rs.next();
                java.sql.Date oldest = rs.getDate(1);
                if (oldest == null) {
                    return Optional.empty();
                }
                Instant from = oldest.toLocalDate()
                        .minusDays(1)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant();
                Instant to = clock.instant()
                        .truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                        .plus(Duration.ofHours(1));
                return Optional.of(new Instant[] {from, to});
            }
        }
    }

    public void discard(long runId) throws SQLException {
        try (Connection c = connect()) {
            new CubeSwitch(c).discard(runId, clock.instant());
        }
    }

    private void promoteRaw(ReprocessRun run) throws SQLException {
        List<Instant> hours = rebuild.hoursOf(run);
        Set<String> merchants = Set.copyOf(run.merchants());
        try (Connection c = connect()) {
            ReprocessRuns runs = new ReprocessRuns(c);
            if (run.rawBackupAt() == null) {
                rawVersions.backup(run.runId(), hours, merchants);
                runs.rawBackedUp(run.runId(), clock.instant());
            }
            rawVersions.promote(run.runId(), run.rawVersion(), hours, merchants);
            runs.rawPromoted(run.runId(), clock.instant());
        }
    }

    /** The hours a refresh touched while the installed rows were not live are rebuilt whole (decision 0027). */
    private void refreshAgain(CubeSwitch.Outcome outcome) throws SQLException {
        if (outcome.hoursToRefresh().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try (Connection c = connect()) {
            RebuildRequests.request(c, outcome.hoursToRefresh(), now);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    }
}
