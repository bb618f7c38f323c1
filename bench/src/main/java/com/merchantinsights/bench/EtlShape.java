package com.merchantinsights.bench;

import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.sample.SampleGenerator;
import com.merchantinsights.sample.SampleMerchant;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * One data shape of the ETL benchmark: one UTC day of the sample generator's events (its event mix, dimensions,
 * customers, anonymous ids, seven zones and Zipf-like merchant sizes), over many merchants or few. Production at
 * 5 billion events a day over a million merchants holds ~52 events per merchant and quarter hour; the rows a rebuild
 * writes per event fall sharply with that density, so the benchmark measures both ends.
 *
 * @param name      {@code sparse} or {@code dense}, the suffix of its RESULT keys
 * @param settings  the generator's settings: deterministic, so every run loads the same events
 */
record EtlShape(String name, SampleGenerator.Settings settings) {
    /** Today's benchmark data: 1,000 merchants, ~3.3 events per merchant and quarter hour. */
    static final int SPARSE_MERCHANTS = 1_000;
    /** As many events over 60 merchants: ~52 per merchant and quarter hour, the busiest above 900. */
    static final int DENSE_MERCHANTS = 60;

    private static final long SEED = 7;

    static EtlShape sparse(int eventsPerDay, Instant end) {
        return new EtlShape("sparse", new SampleGenerator.Settings(SEED, SPARSE_MERCHANTS, 1, eventsPerDay, end, 0, 0));
    }

    static EtlShape dense(int eventsPerDay, Instant end) {
        return new EtlShape("dense", new SampleGenerator.Settings(SEED, DENSE_MERCHANTS, 1, eventsPerDay, end, 0, 0));
    }

    /**
     * The end of the measured day: the latest Thursday 00:00 UTC, so that every run generates the same weekday (a
     * Wednesday in UTC; weekends carry 30 % more traffic) and the same events, a whole number of weeks apart.
     */
    static Instant measuredDayEnd(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.THURSDAY))
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    int merchantCount() {
        return settings.merchants();
    }

    List<SampleMerchant> merchants() {
        return new SampleGenerator(settings).merchants();
    }

    List<GeneratedEvent> events() {
        return new SampleGenerator(settings).events();
    }
}
