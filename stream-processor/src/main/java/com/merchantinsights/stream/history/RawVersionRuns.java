package com.merchantinsights.stream.history;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.merchantinsights.core.layout.RawEventLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * The record of every re-derive run in {@code raw_version_runs} (decision 0012): written when the run starts,
 * after every step (so that a crash leaves how far it got) and when it ends.
 */
final class RawVersionRuns {
    private static final String UPSERT =
            "INSERT INTO " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_VERSION_RUNS_TABLE
                    + " (raw_version, started_at, logic_version, range_from, range_to, merchants, source, state, hours_total,"
                    + " hours_done, events_read, rows_written, rejected, output_hours, finished_at, failure)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final CqlSession session;

    RawVersionRuns(CqlSession session) {
        this.session = session;
    }

    void record(RederiveStatus status) {
        Map<String, Long> rejected = new HashMap<>(status.rejected());
        session.execute(SimpleStatement.newInstance(
                        UPSERT,
                        status.rawVersion(),
                        status.startedAt(),
                        status.logicVersion(),
                        status.request().from(),
                        status.request().to(),
                        status.request().merchants(),
                        status.request().source() == null
                                ? "auto"
                                : status.request().source().name().toLowerCase(),
                        status.state().name().toLowerCase(),
                        status.hoursTotal(),
                        status.hoursDone(),
                        status.eventsRead(),
                        status.rowsWritten(),
                        rejected,
                        java.util.Set.copyOf(status.outputHours()),
                        status.finishedAt(),
                        status.failure())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setIdempotent(true));
    }
}
