package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a micro-batch's dirty marks from the driver, after every raw row of the batch is stored: a mark the ETL
 * reads must never precede its rows. Each mark is its own row (marked_at is clustering), so a newer mark never
 * overwrites one the ETL is about to delete (decision 0004). Each hour of the batch also gets an archive mark, so
 * that the archiver writes the hour's Parquet generation again (decision 0011).
 */
final class DirtyMarkWriter {
    static final String MARK_CQL = "INSERT INTO " + CassandraRawStore.table(RawEventLayout.DIRTY_MARKS_TABLE)
            + " (event_hour, merchant_id, marked_at) VALUES (?, ?, ?)";
    static final String ARCHIVE_MARK_CQL = "INSERT INTO " + CassandraRawStore.table(RawEventLayout.ARCHIVE_MARKS_TABLE)
            + " (event_hour, marked_at) VALUES (?, ?)";
    private static final int IN_FLIGHT = 128;

    private final CassandraConnector connector;

    DirtyMarkWriter(CassandraConnector connector) {
        this.connector = connector;
    }

    void mark(Collection<DirtyPair> pairs, Instant markedAt) {
        if (pairs.isEmpty()) {
            return;
        }
        try (CqlSession session = connector.openSession()) {
            PreparedStatement insert = session.prepare(MARK_CQL);
            List<BoundStatement> marks = new ArrayList<>();
            for (DirtyPair pair : pairs) {
                marks.add(insert.bind(pair.eventHour(), pair.merchantId(), markedAt));
            }
            PreparedStatement archive = session.prepare(ARCHIVE_MARK_CQL);
            pairs.stream().map(DirtyPair::eventHour).distinct()
                    .forEach(hour -> marks.add(archive.bind(hour, markedAt)));
            for (int from = 0; from < marks.size(); from += IN_FLIGHT) {
                List<CompletableFuture<?>> inFlight = new ArrayList<>();
                for (BoundStatement mark : marks.subList(from, Math.min(marks.size(), from + IN_FLIGHT))) {
                    inFlight.add(session.executeAsync(mark.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                            .setIdempotent(true)).toCompletableFuture());
                }
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            }
        }
    }
}
