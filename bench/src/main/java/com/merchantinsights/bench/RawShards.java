package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.core.layout.ShardLayout;
import java.util.HashMap;
import java.util.Map;

/** The raw store's shards per hour as the stream recorded them (decision 0026), for the benchmarks' plain readers. */
final class RawShards {
    private RawShards() {}

    static ShardLayout layout(CqlSession session) {
        Map<String, Integer> settings = new HashMap<>();
        for (Row row : session.execute(ShardLayout.SELECT_CQL)) {
            settings.put(row.getString("setting"), row.isNull("value") ? null : row.getInt("value"));
        }
        return ShardLayout.fromSettings(settings);
    }
}
