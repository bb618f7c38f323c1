package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.etl.reprocess.CubePartitions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cube tables partitioned by month (migration V35, decision 0031), on the shared system's PostgreSQL: the migration
 * carries existing rows into a partition per month, a row needs its month's partition (which writers create first),
 * and the ETL's retention drops whole months past a grain's retention.
 */
@ExtendWith(SharedSystem.class)
class CubePartitionsIT {
    private static final String DAY_ROW =
            "INSERT INTO cube_day (merchant_id, bucket_start, time_zone, cuboid, event_type,"
                    + " event_count) VALUES (?, ?, 'UTC', 'all', 'order.completed', ?)";
    private static final String HOUR_ROW = "INSERT INTO cube_hour (merchant_id, bucket_start, time_zone, cuboid,"
            + " event_type, event_count) VALUES (?, ?, 'UTC', 'all', 'order.completed', ?)";

    @Test
    void theMigrationCarriesEveryRowIntoThePartitionOfItsMonth() throws Exception {
        var engines = SharedSystem.system().engines();
        String database = "migration_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = connect(engines.jdbcUrl())) {
            execute(admin, "CREATE DATABASE " + database);
        }
        String url = engines.jdbcUrl().substring(0, engines.jdbcUrl().lastIndexOf('/') + 1) + database;
        try {
            Flyway.configure()
                    .dataSource(url, engines.jdbcUser(), engines.jdbcPassword())
                    .locations(WarehouseLayout.MIGRATIONS)
                    .target("34")
                    .load()
                    .migrate();
            try (Connection c = connect(url)) {
                insert(c, DAY_ROW, "m_a", LocalDate.of(2026, 10, 31), 3);
                insert(c, DAY_ROW, "m_a", LocalDate.of(2026, 11, 1), 4);
                insert(c, DAY_ROW, "m_b", LocalDate.of(2026, 11, 30), 5);
                // 18:30 UTC on 31 October is 1 November in Kolkata: the hour's partition is its UTC month.
                insert(c, HOUR_ROW, "m_a", OffsetDateTime.of(2026, 10, 31, 18, 30, 0, 0, ZoneOffset.UTC), 6);
                insert(c, HOUR_ROW, "m_a", OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC), 7);
            }

            Flyway.configure()
                    .dataSource(url, engines.jdbcUser(), engines.jdbcPassword())
                    .locations(WarehouseLayout.MIGRATIONS)
                    .load()
                    .migrate();

            try (Connection c = connect(url)) {
                assertThat(CubePartitions.partitions(c, "public", "cube_day"))
                        .containsExactly("cube_day_m202610", "cube_day_m202611");
                assertThat(CubePartitions.partitions(c, "public", "cube_hour"))
                        .containsExactly("cube_hour_m202610", "cube_hour_m202611");
                assertThat(CubePartitions.partitions(c, "public", "cube_month")).isEmpty();
                assertThat(sums(c, "cube_day_m202610")).isEqualTo(3);
                assertThat(sums(c, "cube_day_m202611")).isEqualTo(9);
                assertThat(sums(c, "cube_hour_m202610")).isEqualTo(6);
                assertThat(sums(c, "cube_hour_m202611")).isEqualTo(7);
                assertThat(indexMethods(c, "cube_day"))
                        .containsExactlyInAnyOrder("cube_day_bucket_start brin", "cube_day_lookup btree");
                // The checks of V32 and V33 came along.
                CubePartitions.ensure(c, "cube_month", Grain.MONTH, List.of(YearMonth.of(2026, 11)));
                assertThatThrownBy(() -> insert(
                                c,
                                "INSERT INTO cube_month (merchant_id, bucket_start, time_zone, cuboid,"
                                        + " event_type, event_count) VALUES (?, ?, 'UTC', 'channel', 'order.completed', ?)",
                                "m_a",
                                LocalDate.of(2026, 11, 1),
                                1))
                        .hasMessageContaining("check constraint");
            }
        } finally {
            try (Connection admin = connect(engines.jdbcUrl())) {
                execute(admin, "DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aRowNeedsItsMonthsPartitionAndRetentionDropsWholeMonths() throws Exception {
        var system = SharedSystem.system();
        String merchant = "m_it_partitions_" + UUID.randomUUID().toString().substring(0, 8);
        // Far past every grain's retention (5 years for days): no other test has rows there.
        YearMonth expired = YearMonth.of(2001, 3);
        try (Connection c = connect(system.engines().jdbcUrl())) {
            assertThatThrownBy(() -> insert(c, DAY_ROW, merchant, expired.atDay(15), 1))
                    .as("no partition, no row: a writer that forgot its month fails instead of writing elsewhere")
                    .hasMessageContaining("no partition");

            YearMonth current = YearMonth.now(ZoneOffset.UTC);
            CubePartitions.ensure(c, "cube_day", Grain.DAY, List.of(expired, current));
            CubePartitions.ensure(c, "cube_day", Grain.DAY, List.of(expired)); // the second call finds it
            insert(c, DAY_ROW, merchant, expired.atDay(15), 1);
            assertThat(CubePartitions.months(c, "public", "cube_day")).contains(expired);
            assertThat(sums(c, CubePartitions.partitionName("cube_day", expired)))
                    .isEqualTo(1);

            system.spark().runEtlNow();

            List<YearMonth> months = CubePartitions.months(c, "public", "cube_day");
            assertThat(months)
                    .as("the expired month is dropped, not the months within retention")
                    .doesNotContain(expired)
                    .contains(current);
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM cube_day WHERE merchant_id = ?")) {
                p.setString(1, merchant);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        var engines = SharedSystem.system().engines();
        return DriverManager.getConnection(url, engines.jdbcUser(), engines.jdbcPassword());
    }

    private static void insert(Connection c, String sql, String merchant, Object bucket, long count)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, merchant);
            p.setObject(2, bucket);
            p.setLong(3, count);
            p.executeUpdate();
        }
    }

    private static long sums(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(event_count), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> indexMethods(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT i.relname || ' ' || a.amname FROM pg_index x"
                        + " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am a ON a.oid = i.relam WHERE x.indrelid = ?::regclass")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                List<String> methods = new java.util.ArrayList<>();
                while (rs.next()) {
                    methods.add(rs.getString(1));
                }
                return methods;
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
