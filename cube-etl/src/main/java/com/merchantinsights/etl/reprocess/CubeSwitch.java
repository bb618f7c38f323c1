package com.merchantinsights.etl.reprocess;

import com.merchantinsights.core.time.Grain;
import com.merchantinsights.etl.warehouse.WarehouseLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a built run live, or takes it back, each in one transaction: a reader of the live cube tables sees all of
 * the previous version or all of the new one (the insights API reads each answer in one snapshot). The switch moves
 * the live rows of the run's scope into {@code previous_*} tables of the run's schema, kept until the operator's
 * retention passes; the rollback puts them back. Both take the warehouse lock that every refresh takes, so no
 * refresh runs half-way through either.
 */
public final class CubeSwitch {
    public record HourOfMerchant(Instant eventHour, String merchantId) {}

    /**
     * @param rowsReplaced   live rows that left the live tables
     * @param rowsInstalled  rows that entered them
     * @param hoursToRefresh hours of the scope that a refresh rebuilt after the installed rows were built: they may
     *                       miss late events, so the caller asks for their rebuild (decision 0027)
     */
    public record Outcome(long runId, long rowsReplaced, long rowsInstalled, List<HourOfMerchant> hoursToRefresh) {}

    private final Connection connection;

    public CubeSwitch(Connection connection) {
        this.connection = connection;
    }

    /** Installs the rows of built run {@code runId}; the replaced rows are kept until {@code now + keep}. */
    public Outcome switchTo(long runId, Duration keep, Instant now) throws SQLException {
        return inTransaction(() -> {
            ReprocessRun run = lockedRun(runId);
            require(run, run.state() == ReprocessRun.State.BUILT, "only a built run can be switched");
            ShadowSchema schema = run.schema();
            long replaced = 0;
            long installed = 0;
            for (Grain grain : Grain.values()) {
                execute("CREATE TABLE " + schema.previous(grain) + " (LIKE " + ShadowSchema.live(grain)
                        + " INCLUDING ALL)");
                replaced +=
                        execute("INSERT INTO " + schema.previous(grain) + " SELECT l.* FROM " + ShadowSchema.live(grain)
                                + " l JOIN " + schema.scope() + " s ON " + ShadowSchema.inScope(grain, "l"));
                execute("DELETE FROM " + ShadowSchema.live(grain) + " l USING " + schema.scope() + " s WHERE "
                        + ShadowSchema.inScope(grain, "l"));
                CubePartitions.ensureFor(connection, ShadowSchema.live(grain), grain, schema.rebuilt(grain));
                installed +=
                        execute("INSERT INTO " + ShadowSchema.live(grain) + " SELECT n.* FROM " + schema.rebuilt(grain)
                                + " n JOIN " + schema.scope() + " s ON " + ShadowSchema.inScope(grain, "n"));
            }
            new ReprocessRuns(connection)
                    .update(
                            "UPDATE reprocess_runs SET state = 'switched', switched_at = ?,"
                                    + " keep_until = ? WHERE run_id = ?",
                            ReprocessRuns.utc(now),
                            ReprocessRuns.utc(now.plus(keep)),
                            runId);
            return new Outcome(runId, replaced, installed, refreshedSince(schema, run.startedAt()));
        });
    }

    /**
     * Puts back the rows that switched run {@code runId} replaced and logs the rollback as a run of its own. Refused
     * when a later switched run covers the same merchant and months: roll that one back first.
     */
    public Outcome rollback(long runId, String requestedBy, Instant now) throws SQLException {
        return inTransaction(() -> {
            ReprocessRun run = lockedRun(runId);
            require(run, run.kind() != ReprocessRun.Kind.ROLLBACK, "a rollback is not rolled back; switch a new run");
            require(run, run.state() == ReprocessRun.State.SWITCHED, "only a switched run can be rolled back");
            Long later = laterOverlappingRun(run);
            require(
                    run,
                    later == null,
                    "run " + later + " switched later over the same merchants and months;" + " roll it back first");
            ShadowSchema schema = run.schema();
            long removed = 0;
            long restored = 0;
            for (Grain grain : Grain.values()) {
                removed += execute("DELETE FROM " + ShadowSchema.live(grain) + " l USING " + schema.scope()
                        + " s WHERE " + ShadowSchema.inScope(grain, "l"));
                CubePartitions.ensureFor(connection, ShadowSchema.live(grain), grain, schema.previous(grain));
                restored +=
                        execute("INSERT INTO " + ShadowSchema.live(grain) + " SELECT * FROM " + schema.previous(grain));
            }
            ReprocessRuns runs = new ReprocessRuns(connection);
            runs.update(
                    "UPDATE reprocess_runs SET state = 'rolled_back', finished_at = ? WHERE run_id = ?",
                    ReprocessRuns.utc(now),
                    runId);
            try (PreparedStatement p = connection.prepareStatement("""
                    INSERT INTO reprocess_runs (kind, range_from, range_to, merchants, raw_version, cube_name, cube_version,
                        state, requested_by, started_at, heartbeat_at, built_at, switched_at, finished_at, rows_written,
                        rolls_back, detail)
                    SELECT 'rollback', range_from, range_to, merchants, raw_version, cube_name, cube_version, 'switched',
                        ?, ?, ?, ?, ?, ?, ?, run_id, ? FROM reprocess_runs WHERE run_id = ?""")) {
                p.setString(1, requestedBy);
                for (int i = 2; i <= 6; i++) {
                    p.setObject(i, ReprocessRuns.utc(now));
                }
                p.setLong(7, restored);
                p.setString(
                        8, removed + " row(s) of run " + runId + " replaced by the " + restored + " it had replaced");
                p.setLong(9, runId);
                p.executeUpdate();
            }
            return new Outcome(runId, removed, restored, refreshedSince(schema, run.switchedAt()));
        });
    }

    /** Drops a built run that will not be switched. */
    public void discard(long runId, Instant now) throws SQLException {
        inTransaction(() -> {
            ReprocessRun run = lockedRun(runId);
            require(run, run.state() == ReprocessRun.State.BUILT, "only a built run can be discarded");
            execute("DROP SCHEMA IF EXISTS " + run.schema().name() + " CASCADE");
            new ReprocessRuns(connection)
                    .update(
                            "UPDATE reprocess_runs SET state = 'discarded', finished_at = ?" + " WHERE run_id = ?",
                            ReprocessRuns.utc(now),
                            runId);
            return null;
        });
    }

    /**
     * Drops the schemas nobody needs any more: of switched runs past their retention (they can no longer be rolled
     * back: state expired) and of failed, abandoned, discarded or rolled-back runs.
     *
     * @return the runs whose schema was dropped
     */
    public List<Long> prune(Instant now) throws SQLException {
        return inTransaction(() -> {
            new ReprocessRuns(connection)
                    .update(
                            "UPDATE reprocess_runs SET state = 'expired' WHERE state = 'switched'"
                                    + " AND kind <> 'rollback' AND keep_until < ?",
                            ReprocessRuns.utc(now));
            List<Long> dropped = new ArrayList<>();
            try (Statement s = connection.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT r.run_id FROM reprocess_runs r JOIN information_schema.schemata n"
                                    + " ON n.schema_name = 'reprocess_' || r.run_id WHERE r.state IN ('expired', 'failed',"
                                    + " 'abandoned', 'discarded', 'rolled_back')")) {
                while (rs.next()) {
                    dropped.add(rs.getLong(1));
                }
            }
            for (long runId : dropped) {
                execute("DROP SCHEMA IF EXISTS " + new ShadowSchema(runId).name() + " CASCADE");
            }
            return dropped;
        });
    }

    /** The (hour, merchant) pairs of the run's scope that a refresh rebuilt at or after {@code since}. */
    public List<HourOfMerchant> refreshedSince(long runId, Instant since) throws SQLException {
        return refreshedSince(new ShadowSchema(runId), since);
    }

    private List<HourOfMerchant> refreshedSince(ShadowSchema schema, Instant since) throws SQLException {
        List<HourOfMerchant> hours = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT DISTINCT h.event_hour, s.merchant_id FROM"
                + " refreshed_hours h JOIN " + schema.scope() + " s ON h.event_hour + interval '1 hour' > s.base_start"
                + " AND h.event_hour < s.base_end WHERE h.refreshed_at >= ? ORDER BY 1, 2")) {
            p.setObject(1, ReprocessRuns.utc(since));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    hours.add(new HourOfMerchant(rs.getTimestamp(1).toInstant(), rs.getString(2)));
                }
            }
        }
        return hours;
    }

    private Long laterOverlappingRun(ReprocessRun run) throws SQLException {
        List<Long> later = new ArrayList<>();
        try (PreparedStatement p =
                connection.prepareStatement("SELECT run_id FROM reprocess_runs WHERE state = 'switched'"
                        + " AND kind <> 'rollback' AND switched_at > ? ORDER BY run_id")) {
            p.setObject(1, ReprocessRuns.utc(run.switchedAt()));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    later.add(rs.getLong(1));
                }
            }
        }
        for (long other : later) {
            try (Statement s = connection.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT 1 FROM " + run.schema().scope() + " a JOIN "
                                    + new ShadowSchema(other).scope() + " b ON a.merchant_id = b.merchant_id"
                                    + " AND a.first_month <= b.last_month AND b.first_month <= a.last_month LIMIT 1")) {
                if (rs.next()) {
                    return other;
                }
            }
        }
        return null;
    }

    private ReprocessRun lockedRun(long runId) throws SQLException {
        WarehouseLock.inTransaction(connection);
        try (PreparedStatement p =
                connection.prepareStatement("SELECT * FROM reprocess_runs WHERE run_id = ? FOR UPDATE")) {
            p.setLong(1, runId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new ReprocessException("no run " + runId);
                }
                return ReprocessRuns.read(rs);
            }
        }
    }

    private static void require(ReprocessRun run, boolean condition, String message) {
        if (!condition) {
            throw new ReprocessException("run " + run.runId() + " is "
                    + run.state().wireName() + " (" + run.kind().wireName() + "): " + message);
        }
    }

    private long execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** A run in the wrong state for what was asked, or no such run: the operator's mistake, said plainly. */
    public static final class ReprocessException extends RuntimeException {
        public ReprocessException(String message) {
            super(message);
        }
    }
}
