package com.merchantinsights.insights;

import java.time.LocalDate;
import java.util.List;

/** A metric's time series as the API answers it; every bucket of the range is present, empty ones with 0. */
public record TimeSeries(String merchantId, String metric, String granularity, String timeZone, LocalDate from,
                         LocalDate to, List<Point> points, Freshness freshness) {
    public TimeSeries {
        points = List.copyOf(points);
    }

    /** One bucket: its local start date and the metric's value. */
    public record Point(LocalDate start, long value) {
    }
}
