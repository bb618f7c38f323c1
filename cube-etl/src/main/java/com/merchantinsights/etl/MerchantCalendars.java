package com.merchantinsights.etl;

import com.merchantinsights.core.time.MerchantCalendar;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Each merchant's calendar from the registry ({@code merchants}); merchants not registered use the platform's default
 * zone and Monday weeks. Read inside the refresh's transaction, so one run cuts all of a merchant's buckets the same way.
 */
final class MerchantCalendars {
    private MerchantCalendars() {}

    static Map<String, MerchantCalendar> of(Connection connection, Collection<String> merchants, ZoneId defaultZone)
            throws SQLException {
        Map<String, MerchantCalendar> calendars = new HashMap<>();
        MerchantCalendar fallback = MerchantCalendar.mondayWeeks(defaultZone);
        merchants.forEach(m -> calendars.put(m, fallback));
        if (merchants.isEmpty()) {
            return calendars;
        }
        Array ids = connection.createArrayOf("text", merchants.toArray());
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT merchant_id, time_zone, week_start FROM merchants WHERE merchant_id = ANY(?)")) {
            p.setArray(1, ids);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    calendars.put(
                            rs.getString(1),
                            new MerchantCalendar(ZoneId.of(rs.getString(2)), DayOfWeek.valueOf(rs.getString(3))));
                }
            }
        }
        return calendars;
    }
}
