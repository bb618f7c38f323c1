package com.merchantinsights.insights;

import com.merchantinsights.insights.query.ReadSnapshot;
import java.sql.SQLException;

/** The freshness an ETL run published, in memory; an answer's snapshot is simply the work run once. */
final class InMemoryCubeReader implements CubeReader {
    private volatile Freshness freshness = Freshness.NEVER_REFRESHED;

    void publish(Freshness published) {
        this.freshness = published;
    }

    @Override
    public <T> T inSnapshot(ReadSnapshot.Work<T> work) throws SQLException {
        return work.run();
    }

    @Override
    public Freshness freshness() {
        return freshness;
    }
}
