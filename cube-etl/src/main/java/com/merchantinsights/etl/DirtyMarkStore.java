package com.merchantinsights.etl;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.RawEventLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and clears dirty marks on the driver, through the connector's session (same settings as Spark's reads).
 * The table holds one row per dirty (hour, merchant), so it stays small next to the raw events.
 */
final class DirtyMarkStore implements AutoCloseable {
    private static final String TABLE = RawEventLayout.KEYSPACE + "." + RawEventLayout.DIRTY_HOURS_TABLE;
    private static final int DELETES_IN_FLIGHT = 64;

    private final CqlSession session;
    private PreparedStatement clearIfUnchanged;

    private DirtyMarkStore(CqlSession session) {
        this.session = session;
    }

    static DirtyMarkStore open(SparkSession spark) {
        return new DirtyMarkStore(CassandraConnector.apply(spark.sparkContext().getConf()).openSession());
    }

    /** Every mark as it is now. */
    List<DirtyMark> snapshot() {
        SimpleStatement select = SimpleStatement.newInstance("SELECT event_hour, merchant_id, marked_at FROM " + TABLE)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
        List<DirtyMark> marks = new ArrayList<>();
        for (Row row : session.execute(select)) {
            marks.add(new DirtyMark(row.getInstant(0), row.getString(1), row.getInstant(2)));
        }
        return marks;
    }

    /**
     * Deletes each mark only if its marked_at is still the one read (a lightweight transaction): a batch that
     * re-marked the hour during the run keeps it dirty, so the hour is rebuilt again next time.
     *
     * @return how many marks were deleted
     */
    int clearIfUnchanged(List<DirtyMark> marks) {
        if (clearIfUnchanged == null) {
            clearIfUnchanged = session.prepare("DELETE FROM " + TABLE
                    + " WHERE event_hour = ? AND merchant_id = ? IF marked_at = ?");
        }
        int cleared = 0;
        for (int from = 0; from < marks.size(); from += DELETES_IN_FLIGHT) {
            List<CompletableFuture<AsyncResultSet>> inFlight = new ArrayList<>();
            for (DirtyMark mark : marks.subList(from, Math.min(marks.size(), from + DELETES_IN_FLIGHT))) {
                CompletionStage<AsyncResultSet> delete = session.executeAsync(clearIfUnchanged
                        .bind(mark.eventHour(), mark.merchantId(), mark.markedAt())
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
                inFlight.add(delete.toCompletableFuture());
            }
            for (CompletableFuture<AsyncResultSet> delete : inFlight) {
                if (delete.join().wasApplied()) {
                    cleared++;
                }
            }
        }
        return cleared;
    }

    @Override
    public void close() {
        session.close();
    }
}
