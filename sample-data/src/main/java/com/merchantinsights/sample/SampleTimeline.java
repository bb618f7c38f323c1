package com.merchantinsights.sample;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The sample as one fixed timeline: the events that occur on a UTC calendar day are generated from the seed and that
 * day alone, with event ids that carry the day. Any range of time therefore regenerates exactly the same events
 * whenever it is asked for, whatever the clock says: sending a range twice is a client retry (same ids, same
 * payloads, counted once), never a conflict. {@link SampleGenerator} instead draws one stream over a period that
 * ends at a given instant, so two periods ending at different instants share ids but not payloads.
 */
public final class SampleTimeline {
    private static final DateTimeFormatter DAY_IN_ID = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * @param merchants       merchants in the population (the same as {@link SampleGenerator}'s for the same seed)
     * @param eventsPerDay    average events per day over all merchants
     * @param duplicateShare  share of events sent twice (client retries)
     * @param lateShare       share of events delivered after the others of their range
     */
    public record Settings(long seed, int merchants, int eventsPerDay, double duplicateShare, double lateShare) {
        public Settings {
            if (merchants < 1 || eventsPerDay < 1) {
                throw new IllegalArgumentException("merchants and eventsPerDay must be positive");
            }
        }

        /** The local system's sample: 12 merchants, about 400 events a day. */
        public static Settings small(long seed) {
            return new Settings(seed, 12, 400, 0.01, 0.02);
        }
    }

    private final Settings settings;
    private final List<SampleMerchant> merchants;
    private final double totalWeight;

    public SampleTimeline(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.merchants = SampleGenerator.population(settings.seed(), settings.merchants());
        this.totalWeight =
                merchants.stream().mapToDouble(SampleMerchant::weight).sum();
    }

    public List<SampleMerchant> merchants() {
        return merchants;
    }

    /**
     * Every event that occurs in {@code [from, to)}, in delivery order: by occurrence (a client's retry right after
     * its original), then the late ones.
     */
    public List<GeneratedEvent> events(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        List<GeneratedEvent> onTime = new ArrayList<>();
        List<GeneratedEvent> late = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
            List<GeneratedEvent> dayOnTime = new ArrayList<>();
            List<GeneratedEvent> dayLate = new ArrayList<>();
            generateDay(day, dayOnTime, dayLate);
            dayOnTime.stream().filter(e -> within(e, from, to)).forEach(onTime::add);
            dayLate.stream().filter(e -> within(e, from, to)).forEach(late::add);
        }
        onTime.sort(Comparator.comparing(GeneratedEvent::occurredAt)); // stable: a retry stays after its original
        List<GeneratedEvent> all = new ArrayList<>(onTime);
        all.addAll(late);
        return all;
    }

    private static boolean within(GeneratedEvent event, Instant from, Instant to) {
        return !event.occurredAt().isBefore(from) && event.occurredAt().isBefore(to);
    }

    /** The whole UTC day, from a random stream of its own: nothing outside the day changes it. */
    private void generateDay(LocalDate day, List<GeneratedEvent> onTime, List<GeneratedEvent> late) {
        Random random = new Random(settings.seed() * 1_000_003L + day.toEpochDay());
        String dayId = DAY_IN_ID.format(day);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        long sequence = 0;
        for (SampleMerchant merchant : merchants) {
            double perHour = settings.eventsPerDay() * merchant.weight() / totalWeight / 24.0;
            for (int h = 0; h < 24; h++) {
                Instant hour = start.plus(Duration.ofHours(h));
                int count = SampleGenerator.poisson(random, perHour * SampleGenerator.hourlyWeight(merchant, hour));
                for (int i = 0; i < count; i++) {
                    Instant at = hour.plusMillis((long) (random.nextDouble() * 3_600_000));
                    GeneratedEvent event = SampleGenerator.event(
                            merchant,
                            random,
                            at,
                            merchant.merchantId() + "-" + dayId + "-" + Long.toString(sequence++, 36));
                    SampleGenerator.deliver(
                            event, random, settings.lateShare(), settings.duplicateShare(), onTime, late);
                }
            }
        }
    }
}
