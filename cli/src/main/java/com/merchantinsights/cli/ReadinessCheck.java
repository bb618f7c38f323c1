package com.merchantinsights.cli;

import com.merchantinsights.sample.GeneratedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * "Ready" means an event went in and came out, whatever data the system already holds. A marker order with an id and a
 * {@code location_id} of its own goes in at the gateway; the insights API must answer exactly 1 order for that
 * location, which no earlier start can have put there. When the sample was loaded, its largest merchant must also
 * answer at least the sample's own distinct orders that the ledger says are held in the window ("at least": the
 * merchant may hold events of an earlier sample or of the user's own).
 */
public final class ReadinessCheck {
    /** The merchant that holds one marker order per start. */
    public static final String MARKER_MERCHANT = "m_local_readiness";

    static final String MARKER_DIMENSION = "location_id";
    /** Days of the sample merchant's answer: the window's 7 days, whole local days at both ends. */
    private static final int SAMPLE_DAYS = 8;

    private final LocalSystem system;
    private final GatewayClient client;
    private final String markerLocation;
    private final LocalDate markerDay;
    private final Optional<SampleLoad.Loaded> sample;
    private final Map<ZoneId, Long> expectedByZone = new HashMap<>();

    private ReadinessCheck(
            LocalSystem system, String markerLocation, LocalDate markerDay, Optional<SampleLoad.Loaded> sample) {
        this.system = system;
        this.client = system.platformClient();
        this.markerLocation = markerLocation;
        this.markerDay = markerDay;
        this.sample = sample;
    }

    /** Sends this start's marker order, occurring at {@code clock}'s now. */
    public static ReadinessCheck begin(LocalSystem system, Clock clock, Optional<SampleLoad.Loaded> sample) {
        String unique = UUID.randomUUID().toString();
        String location = "start-" + unique.substring(0, 8);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String marker = "{\"event_id\":\"readiness-" + unique + "\",\"merchant_id\":\"" + MARKER_MERCHANT + "\","
                + "\"type\":\"order.completed\",\"occurred_at\":\"" + now.atOffset(ZoneOffset.UTC)
                + "\",\"amount\":100,"
                + "\"currency\":\"INR\",\"customer_id\":\"readiness\",\"dimensions\":{\"" + MARKER_DIMENSION + "\":\""
                + location + "\"}}";
        GatewayClient.Answer answer = system.platformClient().postEvents(marker);
        if (answer.status() != 202 || answer.body().path("accepted").asInt() != 1) {
            throw new IllegalStateException(
                    "the gateway did not accept the readiness marker: " + answer.status() + " " + answer.body());
        }
        return new ReadinessCheck(system, location, LocalDate.ofInstant(now, ZoneOffset.UTC), sample);
    }

    /**
     * What the insights API answers now, after one cube refresh.
     *
     * @param markerOrders   orders answered for this start's marker location (1 when it came through)
     * @param sampleMerchant the sample merchant asked, or null without a sample
     * @param sampleOrders   its orders from {@code from} to {@code to}, local days
     * @param sampleExpected the sample's own distinct orders held in those days
     */
    public record Probe(
            String markerLocation,
            long markerOrders,
            String sampleMerchant,
            LocalDate from,
            LocalDate to,
            long sampleOrders,
            long sampleExpected) {
        public boolean ready() {
            return markerOrders == 1 && (sampleMerchant == null || sampleOrders >= sampleExpected);
        }

        /** Why it is not ready yet, or what proved it ready. */
        public String describe() {
            String marker = "marker order at " + MARKER_DIMENSION + " " + markerLocation + ": " + markerOrders
                    + " of 1 answered";
            return sampleMerchant == null
                    ? marker
                    : marker + "; " + sampleMerchant + ": " + sampleOrders + " orders from " + from + " to " + to
                            + ", the sample holds " + sampleExpected;
        }
    }

    /** Refreshes the cubes once and asks the insights API for the marker and the sample merchant's orders. */
    public Probe probe() {
        system.spark().runEtlNow();
        GatewayClient.Answer marker = client.timeseries(
                MARKER_MERCHANT,
                "orders",
                markerDay.minusDays(1),
                markerDay.plusDays(1),
                MARKER_DIMENSION,
                markerLocation);
        long markerOrders = marker.status() == 200 ? GatewayClient.total(marker) : 0;
        if (sample.isEmpty()) {
            return new Probe(markerLocation, markerOrders, null, null, null, 0, 0);
        }
        SampleLoad.Loaded loaded = sample.get();
        LocalDate to =
                LocalDate.ofInstant(loaded.now(), ZoneId.of(system.config().defaultZone()));
        LocalDate from = to.minusDays(SAMPLE_DAYS);
        GatewayClient.Answer answer = client.timeseries(loaded.merchantId(), "orders", from, to);
        if (answer.status() != 200) {
            return new Probe(markerLocation, markerOrders, loaded.merchantId(), from, to, 0, Long.MAX_VALUE);
        }
        // the merchant's own calendar, as the answer says: registered in another zone, its days are cut there
        ZoneId zone =
                ZoneId.of(answer.body().path("time_zone").asText(system.config().defaultZone()));
        long expected = expectedByZone.computeIfAbsent(zone, z -> expectedOrders(loaded, from, to, z));
        return new Probe(
                markerLocation, markerOrders, loaded.merchantId(), from, to, GatewayClient.total(answer), expected);
    }

    /** Probes until ready; gives up after {@code deadline} with the last probe's account as the reason. */
    public Probe await(Duration deadline) {
        Instant giveUp = Instant.now().plus(deadline);
        while (true) {
            Probe probe = probe();
            if (probe.ready()) {
                return probe;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new NotReadyException("not ready after " + deadline.toSeconds() + " s: " + probe.describe()
                        + "; see the logs under " + system.config().workDir().resolve("logs"));
            }
            try {
                Thread.sleep(500); // events are still on their way through Kafka and Spark; ask again shortly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotReadyException("interrupted while waiting for the readiness answer");
            }
        }
    }

    /** The system did not prove itself ready in time; the message is the one-line reason. */
    public static final class NotReadyException extends RuntimeException {
        NotReadyException(String message) {
            super(message);
        }
    }

    /** Distinct orders of the sample merchant that the ledger holds between the local days' bounds in {@code zone}. */
    static long expectedOrders(SampleLoad.Loaded loaded, LocalDate from, LocalDate to, ZoneId zone) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Set<String> orders = new HashSet<>();
        for (SampleLedger.Range range : loaded.ledger().heldWithin(start, end)) {
            for (GeneratedEvent event : loaded.timeline().events(range.from(), range.to())) {
                if (event.merchantId().equals(loaded.merchantId())
                        && event.type().equals("order.completed")) {
                    orders.add(event.eventId());
                }
            }
        }
        return orders.size();
    }
}
