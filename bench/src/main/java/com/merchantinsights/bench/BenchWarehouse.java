package com.merchantinsights.bench;

import com.merchantinsights.sample.SampleMerchant;
import com.merchantinsights.stack.LocalEngines;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A benchmark's access to its stack's warehouse: a connection, the merchant registry, PostgreSQL's postmaster. */
final class BenchWarehouse {
    private static final int REGISTER_BATCH = 5_000;

    private BenchWarehouse() {
    }

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
            return ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                    .orElseThrow(() -> new IllegalStateException("no postmaster above PostgreSQL backend " + pid));
        }
    }

    /** Registers the merchants with their zones and currencies (week start Monday), as the merchant API would. */
    static void register(LocalEngines engines, List<SampleMerchant> merchants) throws SQLException {
        try (Connection c = connect(engines);
             PreparedStatement p = c.prepareStatement("INSERT INTO merchants (merchant_id, display_name, time_zone, "
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
}
