package com.merchantinsights.etl;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The events topic's offsets as the warehouse writes them ({@code "partition=offset,..."}): in
 * {@code cube_feed_positions} and {@code erasure_requests}. Free of Spark and Hadoop, for the operations service.
 */
public final class FeedOffsets {
    private FeedOffsets() {}

    public static String format(Map<Integer, Long> offsets) {
        return new TreeMap<>(offsets)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    public static Map<Integer, Long> parse(String text) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return offsets;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=");
            offsets.put(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
        }
        return offsets;
    }
}
