package com.merchantinsights.insights.query;

import java.util.Map;

/**
 * One cube row as the insights API reads it: its bucket (an {@link java.time.Instant} for hours, a
 * {@link java.time.LocalDate} for days, weeks and months), its group value ('' when not grouped or not set), and
 * its measures.
 */
record CubeRow(Object bucket, String group, String eventType, String currency, long count, long amount,
               Map<String, byte[]> sketches) {
}
