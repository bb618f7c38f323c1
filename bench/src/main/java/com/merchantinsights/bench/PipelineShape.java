package com.merchantinsights.bench;

import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.sample.SampleGenerator;
import com.merchantinsights.sample.SampleMerchant;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The events of the pipeline benchmark at production density, made up as they are sent: merchants of the sample
 * generator's Zipf-like sizes (weight 1/(i+1)^1.1, seven zones), as many of them as give {@value #EVENTS_PER_MERCHANT_QUARTER}
 * events per merchant and quarter hour on average at the benchmark's rate (production at 5 billion a day over a
 * million merchants: ~52); the bodies (event mix, dimensions, customers, anonymous ids, amounts) are the sample
 * generator's, with the chosen merchant, a fresh event id and the send time as occurred_at written in. 2 % of the
 * events are late: occurred_at 1 hour to 89 days back (log-uniform, so mostly hours to days), inside the raw store's
 * 90-day horizon. Re-sends are the producer's ({@link SteadyProducer}).
 */
final class PipelineShape {
    static final double EVENTS_PER_MERCHANT_QUARTER = 52;
    static final double LATE_SHARE = 0.02;
    static final Duration LATE_MIN = Duration.ofHours(1);
    static final Duration LATE_MAX = Duration.ofDays(89);
    /** How long before its send an on-time event occurred: a client sends within seconds. */
    private static final long ON_TIME_SPREAD_MS = 30_000;

    private static final long SEED = 17;
    private static final int TEMPLATES = 50_000;
    private static final int QUARTER_SECONDS = 900;

    /** A sample body: its type, the JSON after occurred_at, and its currency ("" without an amount). */
    private record Template(String type, String rest, String currency) {}

    private final List<SampleMerchant> merchants;
    private final double[] cumulative;
    private final List<Template> templates;
    private final String idPrefix;

    private PipelineShape(List<SampleMerchant> merchants, List<Template> templates, String idPrefix) {
        this.merchants = merchants;
        this.templates = templates;
        this.idPrefix = idPrefix;
        this.cumulative = new double[merchants.size()];
        double sum = 0;
        for (int i = 0; i < merchants.size(); i++) {
            sum += merchants.get(i).weight();
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    /** The shape for {@code eventsPerSecond}; {@code run} makes its event ids unique to this run. */
    static PipelineShape forRate(double eventsPerSecond, String run) {
        int count = Math.max(1, (int) Math.round(eventsPerSecond * QUARTER_SECONDS / EVENTS_PER_MERCHANT_QUARTER));
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<SampleMerchant> merchants =
                new SampleGenerator(new SampleGenerator.Settings(SEED, count, 1, 1, end, 0, 0)).merchants();
        // Bodies from a small population over one day: the merchant is replaced at send time.
        List<Template> templates = new ArrayList<>(TEMPLATES);
        for (GeneratedEvent e :
                new SampleGenerator(new SampleGenerator.Settings(SEED, 200, 1, TEMPLATES, end, 0, 0)).events()) {
            templates.add(template(e));
        }
        return new PipelineShape(merchants, List.copyOf(templates), "pl-" + run + "-");
    }

    private static Template template(GeneratedEvent e) {
        String json = e.json();
        String field = "\"occurred_at\":\"";
        int value = json.indexOf(field) + field.length();
        int close = json.indexOf('"', value);
        if (value < field.length() || close < 0) {
            throw new IllegalStateException("a sample event without occurred_at: " + json);
        }
        return new Template(e.type(), json.substring(close + 1), e.currency() == null ? "" : e.currency());
    }

    List<SampleMerchant> merchants() {
        return merchants;
    }

    /** One new event (a fresh id), its JSON as the client sends it (received_at is the producer's). */
    Event next(long sequence, SplittableRandom random, Instant now) {
        SampleMerchant merchant = merchants.get(pick(random.nextDouble()));
        Template t = templates.get(random.nextInt(templates.size()));
        boolean late = random.nextDouble() < LATE_SHARE;
        Instant occurredAt =
                late ? now.minusMillis(lateMillis(random)) : now.minusMillis(random.nextLong(ON_TIME_SPREAD_MS));
        String rest = t.currency().isEmpty() || t.currency().equals(merchant.currency())
                ? t.rest()
                : t.rest()
                        .replace(
                                "\"currency\":\"" + t.currency() + "\"",
                                "\"currency\":\"" + merchant.currency() + "\"");
        String json = "{\"event_id\":\"" + idPrefix + Long.toHexString(sequence) + "\",\"merchant_id\":\""
                + merchant.merchantId() + "\",\"type\":\"" + t.type() + "\",\"occurred_at\":\""
                + occurredAt.truncatedTo(ChronoUnit.MILLIS) + "\"" + rest;
        return new Event(json, late);
    }

    /** A sent event's body without received_at, and whether it is late. */
    record Event(String json, boolean late) {}

    /** log-uniform between {@link #LATE_MIN} and {@link #LATE_MAX}. */
    private static long lateMillis(SplittableRandom random) {
        double low = Math.log(LATE_MIN.toMillis());
        double high = Math.log(LATE_MAX.toMillis());
        return (long) Math.exp(low + random.nextDouble() * (high - low));
    }

    private int pick(double roll) {
        int at = Arrays.binarySearch(cumulative, roll);
        return Math.min(merchants.size() - 1, at >= 0 ? at : -at - 1);
    }

    /** Expected events per quarter hour of the busiest merchant at {@code firstsPerSecond} first versions a second. */
    double busiestPerQuarter(double firstsPerSecond) {
        return firstsPerSecond * QUARTER_SECONDS * cumulative[0];
    }

    /** How many merchants expect at least {@code events} per quarter hour at {@code firstsPerSecond}. */
    int merchantsWithAtLeast(double events, double firstsPerSecond) {
        int n = 0;
        double previous = 0;
        for (double c : cumulative) {
            if ((c - previous) * firstsPerSecond * QUARTER_SECONDS >= events) {
                n++;
            }
            previous = c;
        }
        return n;
    }
}
