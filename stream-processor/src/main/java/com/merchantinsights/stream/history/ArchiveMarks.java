package com.merchantinsights.stream.history;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hours waiting to be archived: the stream processor adds a mark (hour, marked_at) per micro-batch and hour;
 * the archiver reads the newest mark per hour and, once the hour's new generation is in place, deletes the range
 * up to that mark. A mark written meanwhile is newer, survives, and gets the hour archived again (decision 0004's
 * pattern, decision 0011).
 */
final class ArchiveMarks {
    private static final String TABLE = RawEventLayout.KEYSPACE + "." + RawEventLayout.ARCHIVE_MARKS_TABLE;

    private final CqlSession session;

    ArchiveMarks(CqlSession session) {
        this.session = session;
    }

    /** Every marked hour with its newest mark, oldest hour first. */
    Map<Instant, Instant> snapshot() {
        Map<Instant, Instant> newest = new TreeMap<>();
        SimpleStatement select = SimpleStatement.newInstance("SELECT event_hour, marked_at FROM " + TABLE)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
        for (Row row : session.execute(select)) {
            newest.merge(row.getInstant(0), row.getInstant(1), (a, b) -> a.isAfter(b) ? a : b);
        }
        return newest;
    }

    void clearThrough(Instant eventHour, Instant markedAt) {
        session.execute(SimpleStatement.newInstance(
                        "DELETE FROM " + TABLE + " WHERE event_hour = ? AND marked_at <= ?", eventHour, markedAt)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setIdempotent(true));
    }
}
