package com.merchantinsights.etl.reprocess;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The month partitions of the cube tables (migration V35, decision 0031): {@code cube_<grain>} is partitioned by range
 * of {@code bucket_start}, one partition per month ({@code cube_day_m202612}: the UTC month for the 15-minute and hour
 * rows, the calendar month of the local date for days, weeks and months). A row needs its month's partition before it
 * is written: every writer asks {@link #ensure} first, and a writer that forgot fails loudly ("no partition of relation
 * found for row") in its own transaction rather than writing anywhere else. Retention drops whole months.
 */
public final class CubePartitions {
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMM", Locale.ROOT);
    private static final Pattern PARTITION = Pattern.compile("(cube_[a-z_]+)_m(\\d{4})(\\d{2})");
    /** A week's bucket starts up to 6 days before its first day; a local day up to 14 hours before its UTC instant. */
    private static final Duration RANGE_MARGIN = Duration.ofDays(7);

    private CubePartitions() {}

    /** The partition of {@code table} (unqualified) for one month. */
    public static String partitionName(String table, YearMonth month) {
        return table + "_m" + month.format(SUFFIX);
    }

    /**
     * Creates the missing month partitions of the table that {@code table} names on the search path. Does nothing for a
     * table that is not partitioned (a reprocess run's rebuilt tables, a staging table).
     */
    public static void ensure(Connection connection, String table, Grain grain, Collection<YearMonth> months)
            throws SQLException {
        if (months.isEmpty()) {
            return;
        }
        String schema = partitionedSchema(connection, table);
        if (schema == null) {
            return;
        }
        String bare = table.substring(table.lastIndexOf('.') + 1);
        List<YearMonth> existing = months(connection, schema, bare);
        for (YearMonth month : new TreeSet<>(months)) {
            if (!existing.contains(month)) {
                try (Statement s = connection.createStatement()) {
                    s.execute(
                            "CREATE TABLE IF NOT EXISTS " + schema + "." + partitionName(bare, month) + " PARTITION OF "
                                    + schema + "." + bare + " FOR VALUES FROM (" + bound(grain, month) + ") TO ("
                                    + bound(grain, month.plusMonths(1)) + ")");
                }
            }
        }
    }

    /** The partitions that the rows of {@code source} (a staging or rebuilt table of the same grain) need. */
    public static void ensureFor(Connection connection, String table, Grain grain, String source) throws SQLException {
        String month = isInstant(grain)
                ? "to_char(bucket_start AT TIME ZONE 'UTC', 'YYYY-MM')"
                : "to_char(bucket_start, 'YYYY-MM')";
        List<YearMonth> months = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT " + month + " FROM " + source)) {
            while (rs.next()) {
                months.add(YearMonth.parse(rs.getString(1)));
            }
        }
        ensure(connection, table, grain, months);
    }

    /** The partitions that rows built from the events of UTC instants {@code [from, to)} can fall in, at any grain. */
    public static Set<YearMonth> monthsAround(Instant from, Instant to) {
        Set<YearMonth> months = new TreeSet<>();
        LocalDate last = LocalDate.ofInstant(to.plus(RANGE_MARGIN), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from.minus(RANGE_MARGIN), ZoneOffset.UTC)
                        .withDayOfMonth(1);
                !day.isAfter(last);
                day = day.plusMonths(1)) {
            months.add(YearMonth.from(day));
        }
        return months;
    }

    /** The months of {@code schema.table}'s partitions, oldest first. */
    public static List<YearMonth> months(Connection connection, String schema, String table) throws SQLException {
        List<YearMonth> months = new ArrayList<>();
        for (String name : partitions(connection, schema, table)) {
            Matcher m = PARTITION.matcher(name);
            if (m.matches() && m.group(1).equals(table)) {
                months.add(YearMonth.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
        }
        months.sort(null);
        return months;
    }

    /** The partitions of {@code schema.table} by name. */
    public static List<String> partitions(Connection connection, String schema, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(?) ORDER BY c.relname")) {
            p.setString(1, schema + "." + table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * Drops the live table's partitions of months before {@code firstKept}: what retention removes, a whole month at a
     * time, without reading a row.
     *
     * @return the partitions dropped
     */
    public static List<String> dropBefore(Connection connection, Grain grain, YearMonth firstKept) throws SQLException {
        String table = WarehouseLayout.cubeTable(grain);
        List<String> dropped = new ArrayList<>();
        for (YearMonth month : months(connection, "public", table)) {
            if (month.isBefore(firstKept)) {
                String name = partitionName(table, month);
                try (Statement s = connection.createStatement()) {
                    s.execute("DROP TABLE public." + name);
                }
                dropped.add(name);
            }
        }
        return dropped;
    }

    /** The schema of the partitioned table {@code table} resolves to, or null when it is not partitioned. */
    private static String partitionedSchema(Connection connection, String table) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT n.nspname, c.relkind FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next() && "p".equals(rs.getString(2))) {
                    return rs.getString(1);
                }
                return null;
            }
        }
    }

    private static boolean isInstant(Grain grain) {
        return grain == Grain.QUARTER_HOUR || grain == Grain.HOUR;
    }

    private static String bound(Grain grain, YearMonth month) {
        return isInstant(grain) ? "'" + month.atDay(1) + " 00:00:00+00'" : "'" + month.atDay(1) + "'";
    }
}
