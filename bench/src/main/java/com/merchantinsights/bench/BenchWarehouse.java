package com.merchantinsights.bench;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.sample.SampleMerchant;
import com.merchantinsights.stack.LocalEngines;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's access to its stack's warehouse: a connection, the merchant registry, PostgreSQL's postmaster. */
final class BenchWarehouse {
    private static final int REGISTER_BATCH = 5_000;

    private BenchWarehouse() {}

    static Connection connect(LocalEngines engines) throws SQLException {
        return DriverManager.getConnection(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
    }

    /** PostgreSQL's postmaster: pg_ctl started it as a daemon, so it is no child of this JVM; a backend's parent. */
    static ProcessHandle postmaster(LocalEngines engines) throws SQLException {
        try (Connection c = connect(engines);
                Statement s = c.createStatement();
                ResultSet backend = s.executeQuery("SELECT pg_backend_pid()")) {
            backend.next();
            long pid = backend.getLong(1);
            return ProcessHandle.of(pid)
                    .flatMap(ProcessHandle::parent)
                    .orElseThrow(() -> new IllegalStateException("no postmaster above PostgreSQL backend " + pid));
        }
    }

    /** Registers the merchants with their zones and currencies (week start Monday), as the merchant API would. */
    static void register(LocalEngines engines, List<SampleMerchant> merchants) throws SQLException {
        try (Connection c = connect(engines);
                PreparedStatement p = c.prepareStatement(
                        "INSERT INTO merchants (merchant_id, display_name, time_zone, "
                                + "week_start, reporting_currency, created_at, updated_at) VALUES (?, ?, ?, 'MONDAY', ?, now(), now())")) {
            int batched = 0;
            for (SampleMerchant m : merchants) {
                p.setString(1, m.merchantId());
                p.setString(2, m.merchantId());
                p.setString(3, m.zone().getId());
                p.setString(4, m.currency());
                p.addBatch();
                if (++batched % REGISTER_BATCH == 0) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
    }

    /**
     * The delta rows an open month holds at its end under the compaction schedule (decision 0027: 5-minute runs; a key of
     * the open hour or day gathers up to 12 deltas before its hourly compaction, of the open week or month up to 72
     * before the 6-hourly one, of the open quarter hour 3): each merchant's latest bucket of each grain gets that many
     * rows per key in all, the copies with zero counts and amounts and the same sketches, so that every answer stays
     * the same number while the reads merge as many rows as they would.
     *
     * @return the rows added
     */
    static long addOpenPeriodDeltas(LocalEngines engines) throws SQLException {
        Map<String, Integer> rowsPerKey = new LinkedHashMap<>();
        rowsPerKey.put(WarehouseLayout.cubeTable(Grain.QUARTER_HOUR), 4);
        rowsPerKey.put(WarehouseLayout.cubeTable(Grain.HOUR), 13);
        rowsPerKey.put(WarehouseLayout.cubeTable(Grain.DAY), 13);
        rowsPerKey.put(WarehouseLayout.cubeTable(Grain.WEEK), 73);
        rowsPerKey.put(WarehouseLayout.cubeTable(Grain.MONTH), 73);
        long added = 0;
        try (Connection c = connect(engines);
                Statement s = c.createStatement()) {
            for (var table : rowsPerKey.entrySet()) {
                s.execute("DROP TABLE IF EXISTS bench_deltas");
                s.execute("CREATE TEMP TABLE bench_deltas AS SELECT d.* FROM " + table.getKey() + " d JOIN (SELECT"
                        + " merchant_id, max(bucket_start) AS latest FROM " + table.getKey()
                        + " GROUP BY merchant_id) l"
                        + " ON d.merchant_id = l.merchant_id AND d.bucket_start = l.latest CROSS JOIN generate_series(2, "
                        + table.getValue() + ")");
                s.execute("UPDATE bench_deltas SET event_count = 0, amount_sum = 0");
                added += s.executeUpdate("INSERT INTO " + table.getKey() + " SELECT * FROM bench_deltas");
                // Deltas arrive a run at a time in production; here they come at once, and autovacuum would work
                // through them during the measured load: vacuumed now.
                s.execute("VACUUM (ANALYZE) " + table.getKey());
            }
            s.execute("DROP TABLE bench_deltas");
        }
        return added;
    }
}
