package com.merchantinsights.etl;

import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rebuilds one merchant's local hours, days, weeks and months touched by changed 15-minute buckets, inside the
 * refresh's transaction. Hours and days come from the base grain (UTC, so exact in whatever zone the merchant has
 * now); weeks and months from the days. Every bucket is cut by {@link MerchantCalendar} in the JVM; SQL only selects
 * rows by ranges computed here. All hours of a touched day are rebuilt, so a zone change leaves no stale hour rows
 * in the days it refreshes.
 */
final class CalendarRollups {
    private final Connection connection;
    private final CubeTables tables;

    CalendarRollups(Connection connection, CubeTables tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /** @return cube rows written */
    long rebuild(String merchant, MerchantCalendar calendar, Collection<Instant> changedQuarterHours) throws SQLException {
        SortedSet<LocalDate> days = new TreeSet<>();
        changedQuarterHours.forEach(q -> days.add(calendar.day(q)));
        long written = 0;
        String zone = calendar.zone().getId();
        for (LocalDate day : days) {
            Instant start = calendar.dayStart(day);
            Instant end = calendar.dayEnd(day);
            SortedMap<Instant, RowAccumulator> hours = new TreeMap<>();
            RowAccumulator dayRows = newAccumulator();
            try (PreparedStatement select = connection.prepareStatement(tables.selectRowsSql(Grain.QUARTER_HOUR))) {
                bindRange(select, merchant, utc(start), utc(end));
                try (ResultSet rs = select.executeQuery()) {
                    int bucketColumn = tables.keyColumns().size() + tables.measureColumns().size() + 1;
                    while (rs.next()) {
                        Instant quarter = rs.getObject(bucketColumn, OffsetDateTime.class).toInstant();
                        hours.computeIfAbsent(calendar.hourStart(quarter), h -> newAccumulator()).add(rs);
                        dayRows.add(rs);
                    }
                }
            }
            delete(Grain.HOUR, "merchant_id = ? AND bucket_start >= ? AND bucket_start < ?", merchant, utc(start), utc(end));
            delete(Grain.DAY, "merchant_id = ? AND bucket_start = ?", merchant, Date.valueOf(day));
            try (PreparedStatement insertHour = connection.prepareStatement(tables.insertSql(Grain.HOUR));
                 PreparedStatement insertDay = connection.prepareStatement(tables.insertSql(Grain.DAY))) {
                for (Map.Entry<Instant, RowAccumulator> hour : hours.entrySet()) {
                    written += hour.getValue().addBatch(insertHour, List.of(merchant, utc(hour.getKey()), zone));
                }
                written += dayRows.addBatch(insertDay, List.of(merchant, Date.valueOf(day), zone));
                insertHour.executeBatch();
                insertDay.executeBatch();
            }
        }
        written += rollUpDays(merchant, calendar, Grain.WEEK, days);
        written += rollUpDays(merchant, calendar, Grain.MONTH, days);
        return written;
    }

    /** Weeks or months from the day rows: a week or month is exactly its days in the merchant's calendar. */
    private long rollUpDays(String merchant, MerchantCalendar calendar, Grain grain, SortedSet<LocalDate> days)
            throws SQLException {
        SortedSet<LocalDate> buckets = new TreeSet<>();
        days.forEach(d -> buckets.add(calendar.dateBucket(grain, d)));
        long written = 0;
        for (LocalDate first : buckets) {
            LocalDate end = MerchantCalendar.dateBucketEnd(grain, first);
            RowAccumulator rows = newAccumulator();
            try (PreparedStatement select = connection.prepareStatement(tables.selectRowsSql(Grain.DAY))) {
                bindRange(select, merchant, Date.valueOf(first), Date.valueOf(end));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs);
                    }
                }
            }
            delete(grain, "merchant_id = ? AND bucket_start = ?", merchant, Date.valueOf(first));
            List<Object> prefix = new ArrayList<>(List.of(merchant, Date.valueOf(first), calendar.zone().getId()));
            if (grain == Grain.WEEK) {
                prefix.add(calendar.weekStart().name());
            }
            try (PreparedStatement insert = connection.prepareStatement(tables.insertSql(grain))) {
                written += rows.addBatch(insert, prefix);
                insert.executeBatch();
            }
        }
        return written;
    }

    private RowAccumulator newAccumulator() {
        return new RowAccumulator(tables.cube(), tables.keyColumns().size());
    }

    private void delete(Grain grain, String where, Object... parameters) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + CubeTables.table(grain) + " WHERE " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                delete.setObject(i + 1, parameters[i]);
            }
            delete.executeUpdate();
        }
    }

    private static void bindRange(PreparedStatement select, String merchant, Object from, Object to) throws SQLException {
        select.setString(1, merchant);
        select.setObject(2, from);
        select.setObject(3, to);
    }

    /** timestamptz parameters as UTC offsets: the value never depends on the JVM's or the session's zone. */
    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
