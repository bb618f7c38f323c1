package com.merchantinsights.etl;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh, unlogged table per refresh that Spark fills over JDBC; the refresh transaction copies it into the
 * cube and drops it. Its name carries its creation time so a crashed run's leftover can be recognised.
 */
record StagingTable(String name) {
    private static final Pattern NAME = Pattern.compile("etl_stage_(\\d+)_[0-9a-f]{8}");
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    StagingTable {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a staging table name: " + name);
        }
    }

    /** A staging table shaped like a live cube table, without its indexes: what a grain's delta rows are loaded into. */
    static StagingTable createLike(Connection connection, Instant now, String liveTable) throws SQLException {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        StagingTable table = new StagingTable(
                "etl_stage_" + now.toEpochMilli() + "_" + HexFormat.of().formatHex(random));
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE UNLOGGED TABLE " + table.name + " (LIKE " + liveTable + " INCLUDING DEFAULTS)");
        }
        return table;
    }

    void drop(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + name);
        }
    }

    /** Drops staging tables of runs that died more than an hour ago (a live run never takes that long). */
    static void dropAbandoned(Connection connection, Instant now) throws SQLException {
        List<StagingTable> abandoned = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables "
                        + "WHERE schemaname = current_schema() AND tablename LIKE 'etl\\_stage\\_%'")) {
            while (rs.next()) {
                Matcher m = NAME.matcher(rs.getString(1));
                if (m.matches()
                        && Instant.ofEpochMilli(Long.parseLong(m.group(1))).isBefore(now.minus(ABANDONED_AFTER))) {
                    abandoned.add(new StagingTable(rs.getString(1)));
                }
            }
        }
        for (StagingTable table : abandoned) {
            table.drop(connection);
        }
    }
}
