package com.merchantinsights.ops;

import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.etl.DiffJson;
import com.merchantinsights.etl.ReprocessRunJson;
import com.merchantinsights.etl.reprocess.CubeDiff;
import com.merchantinsights.etl.reprocess.CubeSwitch;
import com.merchantinsights.etl.reprocess.ReprocessRuns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The reprocessing acts that are the warehouse's alone — the run log, a built run's diff, a discard — answered by the
 * operations service itself in a cluster (decision 0052), with the same classes and the same JSON as the local
 * driver's control routes; building, switching and rolling back need Spark and run as one-off SparkApplications.
 */
final class RunLog {
    private final DataSource warehouse;
    private final Clock clock;
    private final MetricCatalogue catalogue = MetricCatalogue.standard(CubeDefinitionFile.standard());

    RunLog(DataSource warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    List<Map<String, Object>> runs(int limit) throws SQLException {
        try (Connection c = warehouse.getConnection()) {
            return new ReprocessRuns(c)
                    .latest(limit).stream().map(ReprocessRunJson::of).toList();
        }
    }

    Optional<Map<String, Object>> run(long runId) throws SQLException {
        try (Connection c = warehouse.getConnection()) {
            return new ReprocessRuns(c).find(runId).map(ReprocessRunJson::of);
        }
    }

    /** A built run against the live cube; ReprocessException when the run is not built. */
    Map<String, Object> diff(long runId, int limit) throws SQLException {
        try (Connection c = warehouse.getConnection()) {
            return DiffJson.of(new CubeDiff(c, catalogue).ofBuiltRun(runId), limit);
        }
    }

    /** Drops a built run's tables; ReprocessException in any other state. */
    Map<String, Object> discard(long runId) throws SQLException {
        try (Connection c = warehouse.getConnection()) {
            new CubeSwitch(c).discard(runId, clock.instant());
        }
        return Map.of("run_id", runId, "state", "discarded");
    }
}
