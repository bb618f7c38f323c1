package com.merchantinsights.sample;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generates a merchant population and their events over a period ending at {@code end}. Deterministic: the same
 * {@link Settings} give the same merchants and the same events in the same order.
 */
public final class SampleGenerator {
    /** Zones and currencies of the population, with their share: most merchants are in India. */
    private static final Object[][] MARKETS = {
        {"Asia/Kolkata", "INR", 0.60},
        {"Asia/Kathmandu", "NPR", 0.08},
        {"America/New_York", "USD", 0.12},
        {"Europe/London", "GBP", 0.08},
        {"Australia/Lord_Howe", "AUD", 0.04},
        {"Asia/Tokyo", "JPY", 0.04},
        {"UTC", "USD", 0.04}
    };
    /** Relative traffic per local hour of day: quiet nights, a lunch bump, an evening peak. */
    private static final double[] HOURLY = {
        0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1.0, 1.2, 1.3, 1.4, 1.6, 1.5, 1.3, 1.2, 1.2, 1.4, 1.8, 2.2, 2.4, 2.0,
        1.2, 0.5
    };

    private static final String[] CHANNELS = {"web", "app", "pos", "marketplace"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    private static final String[] CATEGORIES = {"tea", "books", "apparel", "electronics", "grocery"};
    private static final String[] PAYMENT_METHODS = {"upi", "card", "netbanking", "wallet", "cash"};
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /**
     * @param merchants        merchants in the population
     * @param days             days of history ending at {@code end}
     * @param eventsPerDay     average events per day over all merchants
     * @param duplicateShare   share of events sent twice (client retries)
     * @param lateShare        share of events delivered hours to days after they occurred
     */
    public record Settings(
            long seed,
            int merchants,
            int days,
            int eventsPerDay,
            Instant end,
            double duplicateShare,
            double lateShare) {
        public static Settings small(long seed, Instant end) {
            return new Settings(seed, 12, 7, 400, end, 0.01, 0.02);
        }
    }

    private final Settings settings;
    private final List<SampleMerchant> merchants;

    public SampleGenerator(Settings settings) {
        this.settings = settings;
        this.merchants = population(settings);
    }

    public List<SampleMerchant> merchants() {
        return merchants;
    }

    /** Every event in delivery order: by occurrence, except late ones, which come at the end. */
    public List<GeneratedEvent> events() {
        Random random = new Random(settings.seed() * 31 + 7);
        double totalWeight =
                merchants.stream().mapToDouble(SampleMerchant::weight).sum();
        Instant start = settings.end().minus(Duration.ofDays(settings.days())).truncatedTo(ChronoUnit.HOURS);
        List<GeneratedEvent> onTime = new ArrayList<>();
        List<GeneratedEvent> late = new ArrayList<>();
        long sequence = 0;
        for (SampleMerchant merchant : merchants) {
            double perHour = settings.eventsPerDay() * merchant.weight() / totalWeight / 24.0;
            for (Instant hour = start; hour.isBefore(settings.end()); hour = hour.plus(Duration.ofHours(1))) {
                int count = poisson(random, perHour * hourlyWeight(merchant, hour));
                for (int i = 0; i < count; i++) {
                    Instant at = hour.plusMillis((long) (random.nextDouble() * 3_600_000));
                    if (!at.isBefore(settings.end())) {
                        continue;
                    }
                    GeneratedEvent event =
                            event(merchant, random, at, merchant.merchantId() + "-" + Long.toString(sequence++, 36));
                    deliver(event, random, settings.lateShare(), settings.duplicateShare(), onTime, late);
                }
            }
        }
        onTime.sort(Comparator.comparing(GeneratedEvent::occurredAt));
        List<GeneratedEvent> all = new ArrayList<>(onTime);
        all.addAll(late);
        return all;
    }

    /**
     * Adds {@code event} to the on-time or the late deliveries, and once more to the on-time ones when the client
     * retries it (same event_id, same payload).
     */
    static void deliver(
            GeneratedEvent event,
            Random random,
            double lateShare,
            double duplicateShare,
            List<GeneratedEvent> onTime,
            List<GeneratedEvent> late) {
        boolean isLate = random.nextDouble() < lateShare;
        (isLate ? late : onTime).add(isLate ? withFlags(event, false, true) : event);
        if (random.nextDouble() < duplicateShare) {
            onTime.add(withFlags(event, true, isLate));
        }
    }

    /** Relative traffic of the merchant's local hour that starts at {@code hour}: daily shape and busier weekends. */
    static double hourlyWeight(SampleMerchant merchant, Instant hour) {
        ZonedDateTime local = hour.atZone(merchant.zone());
        double weekly =
                local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY ? 1.3 : 1.0;
        return HOURLY[local.getHour()] * weekly;
    }

    /** One event of {@code merchant} at {@code at}; its event_id is {@code idPrefix} and a random suffix. */
    static GeneratedEvent event(SampleMerchant merchant, Random random, Instant at, String idPrefix) {
        double roll = random.nextDouble();
        String type = roll < 0.55
                ? "page.viewed"
                : roll < 0.70
                        ? "product.viewed"
                        : roll < 0.78
                                ? "cart.created"
                                : roll < 0.88
                                        ? "order.completed"
                                        : roll < 0.96
                                                ? "payment.succeeded"
                                                : roll < 0.975
                                                        ? "payment.failed"
                                                        : roll < 0.985 ? "order.refunded" : "customer.signed_up";
        boolean visitor = type.equals("page.viewed") || type.equals("product.viewed");
        boolean money = type.startsWith("order.") || type.startsWith("payment.");
        long amount = money ? minorUnits(random, merchant.currency()) : 0;
        String eventId = idPrefix + "-" + Integer.toHexString(random.nextInt());
        StringBuilder json = new StringBuilder(320)
                .append("{\"event_id\":\"")
                .append(eventId)
                .append("\",\"merchant_id\":\"")
                .append(merchant.merchantId())
                .append("\",\"type\":\"")
                .append(type)
                .append("\",\"occurred_at\":\"")
                .append(RFC3339.format(at.truncatedTo(ChronoUnit.MILLIS)
                        .atZone(merchant.zone())
                        .toOffsetDateTime()))
                .append('"');
        if (visitor && random.nextDouble() < 0.7) {
            json.append(",\"anonymous_id\":\"a").append(random.nextInt(5000)).append('"');
        } else {
            json.append(",\"customer_id\":\"c").append(random.nextInt(2000)).append('"');
        }
        if (money) {
            json.append(",\"amount\":")
                    .append(amount)
                    .append(",\"currency\":\"")
                    .append(merchant.currency())
                    .append('"');
        }
        json.append(",\"dimensions\":{\"channel\":\"")
                .append(pick(random, CHANNELS))
                .append("\",\"device\":\"")
                .append(pick(random, DEVICES))
                .append("\",\"product_category\":\"")
                .append(pick(random, CATEGORIES))
                .append('"');
        if (money) {
            json.append(",\"payment_method\":\"")
                    .append(pick(random, PAYMENT_METHODS))
                    .append('"');
        }
        json.append("}}");
        return new GeneratedEvent(
                merchant.merchantId(),
                eventId,
                type,
                at,
                amount,
                money ? merchant.currency() : null,
                json.toString(),
                false,
                false);
    }

    /** Order values of a few hundred to a few thousand in major units, expressed in the currency's minor units. */
    private static long minorUnits(Random random, String currency) {
        double major = Math.exp(5 + random.nextGaussian() * 0.8);
        int exponent = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        return Math.max(1, Math.round(major * Math.pow(10, exponent)));
    }

    private static GeneratedEvent withFlags(GeneratedEvent e, boolean duplicate, boolean late) {
        return new GeneratedEvent(
                e.merchantId(),
                e.eventId(),
                e.type(),
                e.occurredAt(),
                e.amount(),
                e.currency(),
                e.json(),
                duplicate,
                late);
    }

    private static List<SampleMerchant> population(Settings settings) {
        return population(settings.seed(), settings.merchants());
    }

    /** The same merchants for the same seed and count: the population of {@link SampleGenerator} and {@link SampleTimeline}. */
    static List<SampleMerchant> population(long seed, int count) {
        Random random = new Random(seed);
        List<SampleMerchant> merchants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object[] market = market(random.nextDouble());
            merchants.add(new SampleMerchant(
                    String.format(
                            "m_%s_%04d",
                            ((String) market[0]).replaceAll("^.*/", "").toLowerCase(java.util.Locale.ROOT), i),
                    ZoneId.of((String) market[0]),
                    (String) market[1],
                    1.0 / Math.pow(i + 1, 1.1)));
        }
        return List.copyOf(merchants);
    }

    private static Object[] market(double roll) {
        double cumulative = 0;
        for (Object[] market : MARKETS) {
            cumulative += (double) market[2];
            if (roll < cumulative) {
                return market;
            }
        }
        return MARKETS[0];
    }

    static int poisson(Random random, double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A UTC rendering for logs and tests. */
    static String utc(Instant instant) {
        return RFC3339.format(instant.atOffset(ZoneOffset.UTC));
    }
}
