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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and clears dirty marks on the driver, through the connector's session (same settings as Spark's reads).
 * A mark is a row (hour, merchant, marked_at): the stream processor adds one per micro-batch, never overwriting
 * another, and the ETL deletes, per (hour, merchant), the range up to the newest marked_at it read. A mark
 * written after the snapshot has a later marked_at (one writer, a strictly increasing mark clock), so it lies
 * outside the range and survives whatever the write timestamps of the nodes say (decision 0004).
 */
final class DirtyMarkStore implements AutoCloseable {
    private static final String TABLE = RawEventLayout.KEYSPACE + "." + RawEventLayout.DIRTY_MARKS_TABLE;
    /** Writes or deletes in flight at once. */
    private static final int DELETES_IN_FLIGHT = 64;

    private final CqlSession session;
    private PreparedStatement clearThrough;

    private DirtyMarkStore(CqlSession session) {
        this.session = session;
    }

    static DirtyMarkStore open(SparkSession spark) {
        return new DirtyMarkStore(CassandraConnector.apply(spark.sparkContext().getConf()).openSession());
    }

    /** Every dirty (hour, merchant) as it is now, with its newest mark. */
    List<DirtyMark> snapshot() {
        SimpleStatement select = SimpleStatement.newInstance("SELECT event_hour, merchant_id, marked_at FROM " + TABLE)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
        Map<List<Object>, DirtyMark> newest = new LinkedHashMap<>();
        for (Row row : session.execute(select)) {
            DirtyMark mark = new DirtyMark(row.getInstant(0), row.getString(1), row.getInstant(2));
            newest.merge(List.of(mark.eventHour(), mark.merchantId()), mark,
                    (a, b) -> a.markedAt().isAfter(b.markedAt()) ? a : b);
        }
        return List.copyOf(newest.values());
    }

    /**
     * Deletes, for each snapshot mark, every mark of its (hour, merchant) up to and including its marked_at: one
     * range tombstone per pair, no lightweight transaction. Marks written during the run are newer and stay, so
     * their hours are rebuilt next time.
     *
     * @return how many (hour, merchant) pairs were cleared
     */
    int clearThrough(List<DirtyMark> marks) {
        if (clearThrough == null) {
            clearThrough = session.prepare("DELETE FROM " + TABLE
                    + " WHERE event_hour = ? AND merchant_id = ? AND marked_at <= ?");
        }
        for (int from = 0; from < marks.size(); from += DELETES_IN_FLIGHT) {
            List<CompletableFuture<AsyncResultSet>> inFlight = new ArrayList<>();
            for (DirtyMark mark : marks.subList(from, Math.min(marks.size(), from + DELETES_IN_FLIGHT))) {
                CompletionStage<AsyncResultSet> delete = session.executeAsync(clearThrough
                        .bind(mark.eventHour(), mark.merchantId(), mark.markedAt())
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setIdempotent(true));
                inFlight.add(delete.toCompletableFuture());
            }
            inFlight.forEach(CompletableFuture::join);
        }
        return marks.size();
    }

    @Override
    public void close() {
        session.close();
    }
}
