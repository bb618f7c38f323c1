package com.merchantinsights.insights;

import com.merchantinsights.insights.query.ReadSnapshot;
import java.sql.SQLException;

/** What an answer reads besides its cube rows: one snapshot for all of its reads, and the freshness the ETL published. */
interface CubeReader {
    /** Runs the reads of one answer in one snapshot, so that it never mixes two versions of the cube. */
    <T> T inSnapshot(ReadSnapshot.Work<T> work) throws SQLException;

    Freshness freshness() throws SQLException;
}
