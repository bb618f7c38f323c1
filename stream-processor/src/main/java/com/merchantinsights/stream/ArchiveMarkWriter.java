package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a micro-batch's archive marks from the driver, after every raw row of the batch is stored: one per UTC hour the
 * batch stored rows in, so that the archiver writes the hour's Parquet generation again (decision 0011). Each mark is
 * its own row (marked_at is clustering), so a newer mark never overwrites one the archiver is about to delete
 * (decision 0004). The cube ETL needs no mark: the cube feed says what is pending (decision 0033).
 */
final class ArchiveMarkWriter {
    static final String ARCHIVE_MARK_CQL = "INSERT INTO " + CassandraRawStore.table(RawEventLayout.ARCHIVE_MARKS_TABLE)
            + " (event_hour, marked_at) VALUES (?, ?)";

    private final CassandraConnector connector;

    ArchiveMarkWriter(CassandraConnector connector) {
        this.connector = connector;
    }

    void mark(Collection<StoredCell> cells, Instant markedAt) {
        if (cells.isEmpty()) {
            return;
        }
        try (CqlSession session = connector.openSession()) {
            PreparedStatement archive = session.prepare(ARCHIVE_MARK_CQL);
            // A batch's hours are few (the current one and those of late events): all in flight at once.
            CompletableFuture.allOf(cells.stream()
                            .map(StoredCell::eventHour)
                            .distinct()
                            .map(hour -> session.executeAsync(archive.bind(hour, markedAt)
                                            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                                            .setIdempotent(true))
                                    .toCompletableFuture())
                            .toArray(CompletableFuture[]::new))
                    .join();
        }
    }
}
