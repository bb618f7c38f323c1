package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.time.MerchantCalendar;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Differential test of the cubes (decision 0013): for merchants in Kolkata (+05:30), Kathmandu (+05:45), New York (both DST
 * changes, weeks starting Sunday), Lord Howe (30-minute DST) and UTC, every hour, day, week and month the ETL builds
 * equals a brute-force aggregation of the same events in the test ({@link ReferenceCube}): counts per type, amounts
 * per currency, distinct customers within the sketch's error, events per channel. Recent events go through the
 * gateway, each sent twice; events around the last two DST changes of each zone are older than the late-event horizon
 * and are bulk-loaded into the raw store with a rebuild request for their hours, as a backfill would (decision 0027). Late events then arrive in
 * buckets already built, and the cubes must follow.
 */
@ExtendWith(SharedSystem.class)
class CubeDifferentialIT {
    private static final List<String> TYPES = List.of(
            "order.completed", "order.completed", "order.refunded", "page.viewed", "page.viewed", "customer.signed_up");
    private static final List<String> CHANNELS = java.util.Arrays.asList("web", "app", null);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private record Merchant(String id, ZoneId zone, DayOfWeek weekStart, String currency) {}

    private static final List<Merchant> MERCHANTS = List.of(
            new Merchant("m_cube_kol_" + RUN, ZoneId.of("Asia/Kolkata"), DayOfWeek.MONDAY, "INR"),
            new Merchant("m_cube_ktm_" + RUN, ZoneId.of("Asia/Kathmandu"), DayOfWeek.MONDAY, "NPR"),
            new Merchant("m_cube_nyc_" + RUN, ZoneId.of("America/New_York"), DayOfWeek.SUNDAY, "USD"),
            new Merchant("m_cube_lhi_" + RUN, ZoneId.of("Australia/Lord_Howe"), DayOfWeek.MONDAY, "AUD"),
            // Chatham's spring change is 02:45 → 03:45: its local hour 03 lasts 15 minutes, from the gap's end.
            new Merchant("m_cube_cht_" + RUN, ZoneId.of("Pacific/Chatham"), DayOfWeek.MONDAY, "NZD"),
            new Merchant("m_cube_utc_" + RUN, ZoneId.of("UTC"), DayOfWeek.MONDAY, "EUR"));

    private static final Random RANDOM = new Random(20261201);
    private static final Map<String, List<CubeEvent>> EVENTS = new java.util.HashMap<>();
    private static CqlSession cassandra;
    private static int sequence;

    @BeforeAll
    static void registerMerchants() {
        LocalSystem system = SharedSystem.system();
        GatewayClient client = system.platformClient();
        for (Merchant m : MERCHANTS) {
            EVENTS.put(m.id(), new ArrayList<>());
            var answer = client.putMerchant(
                    m.id(),
                    "{\"display_name\":\"Cube " + m.zone() + "\",\"time_zone\":\"" + m.zone() + "\",\"week_start\":\""
                            + m.weekStart() + "\",\"reporting_currency\":\"" + m.currency() + "\"}");
            assertThat(answer.status()).as("register %s", m.id()).isIn(200, 201);
        }
        cassandra = system.engines()
                .endpoints()
                .cql()
                .withKeyspace(RawEventLayout.KEYSPACE)
                .build();
    }

    @AfterAll
    static void closeCassandra() {
        if (cassandra != null) {
            cassandra.close();
        }
    }

    @Test
    void everyGrainEqualsABruteForceCountInTheMerchantsOwnCalendarAlsoAfterLateEvents() throws Exception {
        LocalSystem system = SharedSystem.system();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<CubeEvent> recent = new ArrayList<>();
        List<CubeEvent> backfill = new ArrayList<>();
        for (Merchant m : MERCHANTS) {
            // The last three days through the gateway: an Indian merchant's hours start at :30 UTC, its days at 18:30Z.
            recent.addAll(events(m, now.minus(Duration.ofHours(70)), now.minus(Duration.ofMinutes(5)), 60));
            // The two most recent DST changes (none for Kolkata, Kathmandu and UTC: one ordinary old day each).
            Instant transition = now;
            for (int i = 0; i < 2; i++) {
                transition = previousTransition(m.zone(), transition, now.minus(Duration.ofDays(120 + 60L * i)));
                backfill.addAll(
                        events(m, transition.minus(Duration.ofHours(12)), transition.plus(Duration.ofHours(26)), 50));
                backfill.addAll(eventsAt(
                        m, transition.minusSeconds(300), transition.plusSeconds(300), transition.plusSeconds(1_200)));
            }
        }
        sendTwice(system.platformClient(), recent);
        bulkLoad(backfill);
        awaitCubesMatchReference(system);

        // Late events: into hours, days, weeks and months that are already built, through both paths.
        List<CubeEvent> lateRecent = new ArrayList<>();
        List<CubeEvent> lateBackfill = new ArrayList<>();
        for (Merchant m : MERCHANTS) {
            lateRecent.addAll(events(m, now.minus(Duration.ofHours(60)), now.minus(Duration.ofHours(30)), 10));
            Instant old = previousTransition(m.zone(), now, now.minus(Duration.ofDays(120)));
            lateBackfill.addAll(events(m, old.minus(Duration.ofHours(2)), old.plus(Duration.ofHours(2)), 8));
        }
        sendTwice(system.platformClient(), lateRecent);
        bulkLoad(lateBackfill);
        awaitCubesMatchReference(system);

        rebuildBesideTheLiveCubeEqualsIt(system, now);
        compactionLeavesOneRowPerKeyAndTheSameNumbers(system);
    }

    /**
     * Compaction (decision 0027) merges each bucket's delta rows into one row per key: made due at once here (its first
     * delta an hour older than any grain's age), the next run compacts every bucket of these merchants, and the cubes
     * still equal the reference.
     */
    private static void compactionLeavesOneRowPerKeyAndTheSameNumbers(LocalSystem system) throws Exception {
        String url = system.engines().jdbcUrl();
        String user = system.engines().jdbcUser();
        String password = system.engines().jdbcPassword();
        List<String> merchants = MERCHANTS.stream().map(Merchant::id).toList();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, password)) {
            assertThat(keysWithSeveralRows(c, merchants))
                    .as("the feed added delta rows to keys that had rows")
                    .isPositive();
            try (java.sql.PreparedStatement p = c.prepareStatement("UPDATE cube_compaction_todo SET first_delta_at ="
                    + " now() - interval '7 hours' WHERE merchant_id = ANY(?)")) {
                p.setArray(1, c.createArrayOf("text", merchants.toArray()));
                assertThat(p.executeUpdate()).isPositive();
            }
            system.spark().runEtlNow();
            assertThat(keysWithSeveralRows(c, merchants)).isZero();
        }
        awaitCubesMatchReference(system);
    }

    /** Keys (merchant, bucket, cuboid, dimension values, type, currency) of any grain held by more than one row. */
    private static long keysWithSeveralRows(java.sql.Connection c, List<String> merchants)
            throws java.sql.SQLException {
        long keys = 0;
        for (String grain : new String[] {"quarter_hour", "hour", "day", "week", "month"}) {
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM cube_" + grain
                    + " WHERE merchant_id = ANY(?) GROUP BY merchant_id, bucket_start, cuboid, channel, country, device,"
                    + " product_category, payment_method, location_id, event_type, currency HAVING count(*) > 1) k")) {
                p.setArray(1, c.createArrayOf("text", merchants.toArray()));
                try (java.sql.ResultSet rs = p.executeQuery()) {
                    rs.next();
                    keys += rs.getLong(1);
                }
            }
        }
        return keys;
    }

    /**
     * The whole-warehouse rebuild (decision 0027: every grain in Spark, binary COPY, indexes after the load), built beside
     * the live cube over the last four days, holds the same hours and days as the cube the ETL built and the reference
     * checked: every local hour and day that lies wholly in the range.
     */
    private static void rebuildBesideTheLiveCubeEqualsIt(LocalSystem system, Instant now) throws Exception {
        Instant from = now.minus(Duration.ofDays(4)).truncatedTo(ChronoUnit.HOURS);
        Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        String schema = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(system.spark().rebuildWarehouse(from, to, false))
                .path("schema")
                .asText();
        assertThat(schema).as("the rebuild stays beside the live cube").startsWith("rebuild_");
        String url = system.engines().jdbcUrl();
        String user = system.engines().jdbcUser();
        String password = system.engines().jdbcPassword();
        try {
            for (Merchant m : MERCHANTS) {
                MerchantCalendar calendar = new MerchantCalendar(m.zone(), m.weekStart());
                java.util.function.Predicate<String> inRange = key -> {
                    String[] parts = key.split(" ");
                    if (parts[0].equals("hour")) {
                        Instant hour = Instant.parse(parts[1]);
                        return !hour.isBefore(from) && !calendar.hourEnd(hour).isAfter(to);
                    }
                    if (parts[0].equals("day")) {
                        LocalDate day = LocalDate.parse(parts[1]);
                        return !calendar.dayStart(day).isBefore(from)
                                && !calendar.dayEnd(day).isAfter(to);
                    }
                    return false;
                };
                WarehouseCube live = WarehouseCube.read(url, user, password, m.id());
                WarehouseCube rebuilt = WarehouseCube.read(url, user, password, m.id(), schema);
                assertThat(only(rebuilt.counts, inRange))
                        .as("rebuilt counts of %s", m.id())
                        .isNotEmpty()
                        .isEqualTo(only(live.counts, inRange));
                assertThat(only(rebuilt.amounts, inRange))
                        .as("rebuilt amounts of %s", m.id())
                        .isEqualTo(only(live.amounts, inRange));
                assertThat(only(rebuilt.channelCounts, inRange))
                        .as("rebuilt channel counts of %s", m.id())
                        .isEqualTo(only(live.channelCounts, inRange));
                Map<String, Double> liveCustomers = only(live.customerEstimates, inRange);
                assertThat(only(rebuilt.customerEstimates, inRange).keySet()).isEqualTo(liveCustomers.keySet());
                only(rebuilt.customerEstimates, inRange)
                        .forEach((bucket, estimate) -> assertThat(estimate)
                                .as("distinct customers of %s in %s", m.id(), bucket)
                                .isCloseTo(
                                        liveCustomers.get(bucket),
                                        org.assertj.core.data.Offset.offset(
                                                Math.max(1.0, liveCustomers.get(bucket) * 0.03))));
            }
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, password);
                    java.sql.Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static <V> Map<String, V> only(Map<String, V> rows, java.util.function.Predicate<String> keep) {
        Map<String, V> kept = new java.util.TreeMap<>();
        rows.forEach((key, value) -> {
            if (keep.test(key)) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    /** The zone's last DST change before {@code before}, or {@code otherwise} when it has none within a year. */
    private static Instant previousTransition(ZoneId zone, Instant before, Instant otherwise) {
        var previous = zone.getRules().previousTransition(before);
        return previous == null || previous.getInstant().isBefore(before.minus(Duration.ofDays(365)))
                ? otherwise
                : previous.getInstant();
    }

    private static void awaitCubesMatchReference(LocalSystem system) {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    system.spark().runEtlNow();
                    for (Merchant m : MERCHANTS) {
                        ReferenceCube expected = ReferenceCube.of(EVENTS.get(m.id()), m.zone(), m.weekStart());
                        WarehouseCube actual = WarehouseCube.read(
                                system.engines().jdbcUrl(),
                                system.engines().jdbcUser(),
                                system.engines().jdbcPassword(),
                                m.id());
                        assertThat(actual.counts)
                                .as("events per type and bucket of %s", m.id())
                                .isEqualTo(expected.counts);
                        assertThat(actual.amounts)
                                .as("amounts per currency of %s", m.id())
                                .isEqualTo(expected.amounts);
                        assertThat(actual.channelCounts)
                                .as("events per channel and day of %s", m.id())
                                .isEqualTo(expected.channelCounts);
                        assertThat(actual.customerEstimates.keySet())
                                .as("buckets with customers of %s", m.id())
                                .isEqualTo(expected.customers.keySet());
                        expected.customers.forEach((bucket, exact) -> assertThat(actual.customerEstimates.get(bucket))
                                .as("distinct customers of %s in %s", m.id(), bucket)
                                .isCloseTo(
                                        exact.size(),
                                        org.assertj.core.data.Offset.offset(Math.max(1.0, exact.size() * 0.03))));
                    }
                });
    }

    private static List<CubeEvent> events(Merchant m, Instant from, Instant to, int count) {
        List<CubeEvent> events = new ArrayList<>();
        long span = Duration.between(from, to).toSeconds();
        for (int i = 0; i < count; i++) {
            events.add(event(m, from.plusSeconds((long) (RANDOM.nextDouble() * span))));
        }
        EVENTS.get(m.id()).addAll(events);
        return events;
    }

    /**
     * Events at given instants: just before and after a DST change, so that an hour that exists only in part (Chatham's
     * 15-minute hour 03, Lord Howe's repeated half hour) always holds an event, whatever the random ones do.
     */
    private static List<CubeEvent> eventsAt(Merchant m, Instant... instants) {
        List<CubeEvent> events = new ArrayList<>();
        for (Instant at : instants) {
            events.add(event(m, at));
        }
        EVENTS.get(m.id()).addAll(events);
        return events;
    }

    private static CubeEvent event(Merchant m, Instant at) {
        String type = TYPES.get(RANDOM.nextInt(TYPES.size()));
        String customer = type.equals("page.viewed") && RANDOM.nextBoolean() ? null : "c-" + RANDOM.nextInt(40);
        String anonymous = customer == null ? "anon-" + RANDOM.nextInt(30) : null;
        boolean money = type.startsWith("order.");
        String currency = money && RANDOM.nextInt(5) == 0 ? "USD" : m.currency();
        Long amount = money ? (long) (100 + RANDOM.nextInt(100_000)) : null;
        return new CubeEvent(
                m.id(),
                "e-" + RUN + "-" + (sequence++),
                type,
                at,
                customer,
                anonymous,
                amount,
                money ? currency : null,
                CHANNELS.get(RANDOM.nextInt(CHANNELS.size())));
    }

    /** Every event twice, in two different batches: a client retrying. */
    private static void sendTwice(GatewayClient client, List<CubeEvent> events) {
        for (int pass = 0; pass < 2; pass++) {
            for (int from = 0; from < events.size(); from += 200) {
                String batch = events.subList(from, Math.min(events.size(), from + 200)).stream()
                        .map(CubeEvent::json)
                        .collect(Collectors.joining(",", "{\"events\":[", "]}"));
                var answer = client.postEvents(batch);
                assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
                assertThat(answer.body().path("rejected").asInt())
                        .as(answer.body().toString())
                        .isZero();
            }
        }
    }

    /** Raw rows as the stream processor writes them, for events older than the edge accepts, and rebuild requests. */
    private static void bulkLoad(List<CubeEvent> events) {
        PreparedStatement insert = cassandra.prepare("INSERT INTO " + RawEventLayout.RAW_EVENTS_TABLE
                + " (event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id, anonymous_id, amount,"
                + " currency, dimensions, payload, received_at, ingested_at, logic_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2)");
        Instant now = Instant.now();
        // As the stream stores them: pseudonyms when the stack pseudonymises (issue 23), as the gateway's events are.
        java.util.Optional<com.merchantinsights.core.privacy.Pseudonymizer> pseudonyms =
                SharedSystem.system().secrets().pseudonymKey().map(k -> k.pseudonymizer());
        java.util.function.BiFunction<String, String, String> stored = (merchant, id) -> id == null
                ? null
                : pseudonyms.map(p -> p.pseudonym(merchant, id)).orElse(id);
        for (CubeEvent e : events) {
            Instant hour = RawEventLayout.eventHour(e.occurredAt());
            cassandra.execute(insert.bind(
                    hour,
                    RawEventLayout.shardOf(e.eventId()),
                    e.merchantId(),
                    e.eventId(),
                    e.type(),
                    e.occurredAt(),
                    stored.apply(e.merchantId(), e.customerId()),
                    stored.apply(e.merchantId(), e.anonymousId()),
                    e.amount(),
                    e.currency(),
                    e.channel() == null ? Map.of() : Map.of("channel", e.channel()),
                    e.json(),
                    now,
                    now));
        }
        // Written past the stream, so not in its feed: the hours are rebuilt whole on request (decision 0027).
        LocalSystem system = SharedSystem.system();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        system.engines().jdbcUrl(),
                        system.engines().jdbcUser(),
                        system.engines().jdbcPassword());
                java.sql.PreparedStatement request = c.prepareStatement("INSERT INTO cube_rebuild_requests (event_hour,"
                        + " merchant_id, requested_at) VALUES (?, ?, now()) ON CONFLICT (event_hour, merchant_id)"
                        + " DO UPDATE SET requested_at = now()")) {
            for (Map.Entry<Instant, String> pair : events.stream()
                    .map(e -> Map.entry(RawEventLayout.eventHour(e.occurredAt()), e.merchantId()))
                    .distinct()
                    .toList()) {
                request.setObject(1, pair.getKey().atOffset(java.time.ZoneOffset.UTC));
                request.setString(2, pair.getValue());
                request.addBatch();
            }
            request.executeBatch();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
