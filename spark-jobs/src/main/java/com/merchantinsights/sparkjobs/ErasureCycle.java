package com.merchantinsights.sparkjobs;

import com.merchantinsights.etl.CubeEtlConfig;
import com.merchantinsights.etl.ErasureRequests;
import com.merchantinsights.etl.ErasureRequests.Request;
import com.merchantinsights.etl.ErasureRequests.State;
import com.merchantinsights.etl.EtlSummary;
import com.merchantinsights.etl.RebuildRequests;
import com.merchantinsights.etl.reprocess.CubeSwitch;
import com.merchantinsights.stream.history.PersonErasure;
import com.merchantinsights.stream.history.RawPromotion;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cube refresh with the erasures it makes possible (issue 23, decision 0053), as the local driver's scheduled ETL
 * and a cluster's cube-etl application run it: refresh; then every pending erasure whose events the stream has all
 * stored (the applied feed covers the topic's offsets at its request) is carried out on the raw side
 * ({@link PersonErasure}) and asks for its (hour, merchant) cells to be rebuilt from raw events; then one more
 * refresh, which rebuilds those cells — counts, amounts and unique-customer sketches — so that raw = cube holds. A
 * request whose raw side failed records why and stays open for the next refresh (every step is idempotent); one whose
 * rebuild refresh failed stays {@code rebuilding} and is done after the next refresh that succeeds.
 */
final class ErasureCycle {
    /** A refresh: the feed applied until caught up, rebuild requests consumed. */
    interface Refresh {
        EtlSummary run() throws Exception;
    }

    static final String CUBES = "cubes";
    private static final Logger LOG = LoggerFactory.getLogger(ErasureCycle.class);

    private final CubeEtlConfig config;
    private final PersonErasure erasure;
    private final Clock clock;
    private final Object archiveLock;

    /** @param archiveLock held while a request's raw side runs: what the archiver holds while it publishes hours */
    ErasureCycle(CubeEtlConfig config, PersonErasure erasure, Clock clock, Object archiveLock) {
        this.config = config;
        this.erasure = erasure;
        this.clock = clock;
        this.archiveLock = archiveLock;
    }

    EtlSummary run(Refresh refresh) throws Exception {
        List<Request> rebuilding;
        try (Connection connection = connect()) {
            rebuilding = ErasureRequests.inState(connection, State.REBUILDING);
        }
        EtlSummary summary = refresh.run();
        finish(rebuilding);
        List<Request> erased = eraseCovered();
        if (!erased.isEmpty()) {
            summary = summary.then(refresh.run());
            finish(erased);
        }
        return summary;
    }

    /** Serialises erasure passes across processes (a scheduled cube-etl and a one-off /etl may overlap). */
    private static final long ERASURE_LOCK = 0x4d49_4552_4153_4531L;

    /**
     * Carries out every open request the stream has caught up with, one process at a time (a session advisory lock
     * held for the pass; a process that cannot take it leaves the requests to the one that holds it); answers those
     * now waiting for a rebuild.
     */
    private List<Request> eraseCovered() throws SQLException {
        try (Connection lock = connect();
                java.sql.PreparedStatement take = lock.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            take.setLong(1, ERASURE_LOCK);
            try (ResultSet taken = take.executeQuery()) {
                if (!taken.next() || !taken.getBoolean(1)) {
                    LOG.info("another process runs the erasures now");
                    return List.of();
                }
            }
            // Closing the session releases the lock.
            return eraseCoveredHoldingTheLock();
        }
    }

    private List<Request> eraseCoveredHoldingTheLock() throws SQLException {
        List<Request> erased = new ArrayList<>();
        List<Request> open;
        List<String> versions;
        try (Connection connection = connect()) {
            open = ErasureRequests.inState(connection, State.PENDING, State.ERASING);
            versions = open.isEmpty() ? List.of() : rawVersions(connection);
        }
        for (Request request : open) {
            try (Connection connection = connect()) {
                if (!ErasureRequests.covered(connection, request.topicOffsets())) {
                    LOG.info("erasure {} waits for the stream to store what was sent before it", request.id());
                    continue;
                }
                ErasureRequests.state(connection, request.id(), State.ERASING, clock.instant());
                PersonErasure.Outcome outcome;
                try {
                    synchronized (archiveLock) {
                        outcome = erasure.erase(
                                request.id(),
                                request.merchantId(),
                                request.persons(),
                                request.suppress(),
                                versions,
                                (store, figures) -> progress(request.id(), store, figures));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("erasure {} failed; the next refresh runs it again", request.id(), e);
                    ErasureRequests.failedAttempt(connection, request.id(), String.valueOf(e.getMessage()));
                    continue;
                }
                Instant now = clock.instant();
                List<CubeSwitch.HourOfMerchant> cells = new ArrayList<>();
                for (Instant hour : outcome.rebuildHours()) {
                    cells.add(new CubeSwitch.HourOfMerchant(hour, request.merchantId()));
                }
                connection.setAutoCommit(false);
                RebuildRequests.request(connection, cells, now);
                ErasureRequests.progress(
                        connection, request.id(), CUBES + "_requested", Map.of("cells", (long) cells.size()));
                ErasureRequests.state(connection, request.id(), State.REBUILDING, now);
                connection.commit();
                erased.add(request);
            }
        }
        return erased;
    }

    /** After a refresh that consumed their rebuild requests: done. */
    private void finish(List<Request> rebuilt) throws SQLException {
        if (rebuilt.isEmpty()) {
            return;
        }
        try (Connection connection = connect()) {
            for (Request request : rebuilt) {
                long cells = ErasureRequests.find(connection, request.id())
                        .map(r -> requestedCells(r.progress()))
                        .orElse(0L);
                ErasureRequests.progress(connection, request.id(), CUBES, Map.of("cells_rebuilt", cells));
                ErasureRequests.finish(connection, request.id(), State.DONE, null, clock.instant());
                LOG.info("erasure {} done: {} cube cell(s) rebuilt", request.id(), cells);
            }
        }
    }

    /** The cells the raw side asked to rebuild, as its progress recorded them. */
    static long requestedCells(String progress) {
        Object stores = Json.readTree(progress);
        if (stores instanceof Map<?, ?> map && map.get(CUBES + "_requested") instanceof Map<?, ?> requested) {
            Object cells = requested.get("cells");
            return cells instanceof Number n ? n.longValue() : 0;
        }
        return 0;
    }

    private void progress(String id, String store, Map<String, Long> figures) {
        try (Connection connection = connect()) {
            ErasureRequests.progress(connection, id, store, figures);
        } catch (SQLException e) {
            throw new IllegalStateException("recording the progress of erasure " + id, e);
        }
    }

    /**
     * The raw versions the warehouse knows of: those reprocess runs read and the backups of the runs that promoted
     * (the erasure adds every re-derived version in raw_version_runs).
     */
    private static List<String> rawVersions(Connection connection) throws SQLException {
        Set<String> versions = new TreeSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT run_id, raw_version, raw_backup_at IS NOT NULL FROM reprocess_runs")) {
            while (rs.next()) {
                if (rs.getString(2) != null) {
                    versions.add(rs.getString(2));
                }
                if (rs.getBoolean(3)) {
                    versions.add(RawPromotion.backupVersion(rs.getLong(1)));
                }
            }
        }
        return new ArrayList<>(versions);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    }
}
