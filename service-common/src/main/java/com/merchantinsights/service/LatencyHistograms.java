package com.merchantinsights.service;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.Set;

/**
 * Prometheus histogram buckets for the named timers that a library registers (ours ask for them when they are built),
 * so that a latency objective ("p99 ≤ 25 ms") can be computed across instances with {@code histogram_quantile}; a
 * plain timer only has a count, a sum and a max. Must be applied before the timers are first used.
 */
public final class LatencyHistograms {
    private LatencyHistograms() {}

    public static void enable(MeterRegistry registry, String... timerNames) {
        Set<String> names = Set.of(timerNames);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return names.contains(id.getName())
                        ? DistributionStatisticConfig.builder()
                                .percentilesHistogram(true)
                                .build()
                                .merge(config)
                        : config;
            }
        });
    }
}
