package com.merchantinsights.bench;

import com.merchantinsights.sample.GeneratedEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * How dense a data shape is, in the terms of decision 0027: events per merchant and quarter hour over the whole period
 * (production at 5 billion a day over a million merchants: ~52), and the busiest merchant's events per quarter hour
 * (the median over the quarter hours it has events in).
 *
 * @param perMerchantQuarter   events ÷ (merchants × quarter hours of the period)
 * @param busiestMerchant      the merchant with the most events
 * @param busiestPerQuarter    its events per quarter hour, median over its quarter hours with events
 */
record ShapeDensity(double perMerchantQuarter, String busiestMerchant, int busiestPerQuarter) {
    private static final long QUARTER_SECONDS = 900;

    static ShapeDensity of(Collection<GeneratedEvent> events, int merchants, int hours) {
        Map<String, Map<Long, Integer>> quarters = new HashMap<>();
        Map<String, Integer> totals = new HashMap<>();
        for (GeneratedEvent e : events) {
            quarters.computeIfAbsent(e.merchantId(), m -> new HashMap<>())
                    .merge(Math.floorDiv(e.occurredAt().getEpochSecond(), QUARTER_SECONDS), 1, Integer::sum);
            totals.merge(e.merchantId(), 1, Integer::sum);
        }
        String busiest = totals.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("");
        int[] counts = quarters.getOrDefault(busiest, Map.of()).values().stream()
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
        int median = counts.length == 0 ? 0 : counts[counts.length / 2];
        return new ShapeDensity(events.size() / ((double) merchants * hours * 4), busiest, median);
    }
}
