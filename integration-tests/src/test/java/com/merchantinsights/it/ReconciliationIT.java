package com.merchantinsights.it;

import static com.merchantinsights.it.SharedPipeline.order;
import static com.merchantinsights.it.SharedPipeline.post;
import static com.merchantinsights.it.SharedPipeline.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.etl.warehouse.WarehouseLock;
import com.merchantinsights.it.InProcessCli.CliRun;
import com.merchantinsights.reconcile.HourMerchant;
import com.merchantinsights.reconcile.PendingFeedCells;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bin/insights reconcile} on the real engines (docs/decisions/0019-reconciliation.md). Each
 * test has its own merchant and its own hour of the last days (inside the events topic's retention, and rebuilt by
 * no other test, so that the cube row a test changes stays changed), and reconciles only that merchant.
 */
@ExtendWith(SharedSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationIT {
    private static final Duration STORED = Duration.ofMinutes(2);
    private static final int MISMATCH = 3;
    private final AtomicInteger hoursTaken = new AtomicInteger();
    private final int firstHoursBack = 3 + ThreadLocalRandom.current().nextInt(100);
    private CqlSession cassandra;
    private Connection warehouse;

    @BeforeAll
    void connect() throws Exception {
        LocalSystem system = SharedSystem.system();
        cassandra = SharedPipeline.cassandra();
        warehouse = DriverManager.getConnection(
                system.engines().jdbcUrl(),
                system.engines().jdbcUser(),
                system.engines().jdbcPassword());
    }

    @AfterAll
    void disconnect() throws Exception {
        if (cassandra != null) {
            cassandra.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void aStoredAndCubedHourReconcilesWithDuplicatesConflictsAndRejectedRecordsEachCountedOnce() throws Exception {
        String merchant = merchant();
        Instant hour = ownHour();
        post(
                order(merchant, "e-1", hour.plusSeconds(60)),
                order(merchant, "e-2", hour.plusSeconds(120)),
                order(merchant, "e-3", hour.plusSeconds(180)));
        awaitStored(merchant, hour, 3);
        // A client retry (the same event: a duplicate) and a re-send moved to the next hour (a conflict letter): the
        // identities stay three, all in the first version's hour.
        post(order(merchant, "e-1", hour.plusSeconds(60)), order(merchant, "e-2", hour.plusSeconds(3_700)));
        // A record the stream rejects (it bypassed the edge): one dead letter, counted on both sides.
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            Topics.EVENTS,
                            "r-1",
                            order(merchant, "r-1", hour.plusSeconds(240))
                                    .replace("order.completed", "Order Completed")))
                    .get();
        }
        await().atMost(STORED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(letterKinds(merchant)).containsExactlyInAnyOrder("rejected", "conflict");
            assertThat(rawRows(merchant, hour.plus(1, ChronoUnit.HOURS))).isZero();
        });
        awaitCubed(merchant, hour, 3);

        CliRun settled = reconcile(hour, 2, merchant, "--settle", "PT0S", "--json");
        assertReconciled(settled);
        JsonNode report = settled.json();
        assertThat(report.path("mismatches")).isEmpty();
        assertThat(report.path("pending")).isEmpty();
        assertThat(report.path("matched").asLong())
                .as("topic=stored and raw=cube of the one hour with events")
                .isEqualTo(2);

        CliRun recent = reconcile(hour, 2, merchant, "--json");
        assertReconciled(recent);
        assertThat(recent.json().path("pending"))
                .extracting(p ->
                        p.path("hour").asText() + " " + p.path("merchant_id").asText())
                .contains(hour + " " + merchant);
    }

    @Test
    void aVersionReceivedEarlierButProcessedLaterTakesTheStoredVersionsPlaceAndNothingIsLeftToReport()
            throws Exception {
        String merchant = merchant();
        Instant hour = ownHour();
        Instant stamped = Instant.now();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            Topics.EVENTS,
                            0,
                            stamped.toEpochMilli(),
                            "x-1",
                            order(merchant, "x-1", hour.plusSeconds(60))))
                    .get();
            awaitStored(merchant, hour, 1);
            // A differing re-send on another partition, stamped 5 s earlier (these records carry no received_at, so
            // Kafka's time is their receipt), processed after the version the stream stored: it takes that version's
            // place (decision 0048), and the stored one becomes the conflict letter.
            producer.send(new ProducerRecord<>(
                            Topics.EVENTS,
                            1,
                            stamped.minusSeconds(5).toEpochMilli(),
                            "x-1",
                            order(merchant, "x-1", hour.plusSeconds(3_700))))
                    .get();
        }
        await().atMost(STORED)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(letterKinds(merchant)).containsExactly("conflict"));
        Instant earlierHour = hour.plus(1, ChronoUnit.HOURS);
        awaitStored(merchant, earlierHour, 1);
        assertThat(rawRows(merchant, hour)).as("the displaced version's row").isZero();
        awaitCubed(merchant, earlierHour, 1);
        awaitCubed(merchant, hour, 0);

        CliRun reconciled = reconcile(hour, 2, merchant, "--settle", "PT0S", "--json");
        assertThat(reconciled.exitCode()).as(reconciled.output()).isZero();
        assertThat(reconciled.json().path("mismatches")).isEmpty();
        assertThat(reconciled.json().path("identity_findings")).isEmpty();
    }

    @Test
    void anIdentityTheRawStoreHoldsInTwoHoursIsReportedStoredTwice() throws Exception {
        String merchant = merchant();
        Instant hour = ownHour();
        post(order(merchant, "t-1", hour.plusSeconds(60)));
        awaitStored(merchant, hour, 1);
        // What a differing re-send in the next hour leaves when it is received after the identity window (decision
        // 0026): a second raw row of the identity, written here directly as the stream would have written it.
        cassandra.execute(
                "INSERT INTO raw_events (event_hour, shard, merchant_id, event_id, event_type, occurred_at)"
                        + " VALUES (?, ?, ?, ?, 'order.completed', ?)",
                hour.plus(1, ChronoUnit.HOURS),
                RawEventLayout.shardOf("t-1"),
                merchant,
                "t-1",
                hour.plusSeconds(3_700));

        CliRun twice = reconcile(hour, 2, merchant, "--settle", "PT0S", "--json");
        assertThat(twice.exitCode()).as(twice.output()).isEqualTo(MISMATCH);
        JsonNode finding = twice.json().path("identity_findings").path(0);
        assertThat(finding.path("kind").asText()).isEqualTo("stored_twice");
        assertThat(finding.path("event_id").asText()).isEqualTo("t-1");
        assertThat(finding.path("stored_hours"))
                .extracting(JsonNode::asText)
                .containsExactly(hour.toString(), hour.plus(1, ChronoUnit.HOURS).toString());
    }

    @Test
    void aLostRawRowIsAMismatchOfBothChecksNamingItsHourAndMerchant() throws Exception {
        String merchant = merchant();
        Instant hour = ownHour();
        post(
                order(merchant, "l-1", hour.plusSeconds(60)),
                order(merchant, "l-2", hour.plusSeconds(600)),
                order(merchant, "l-3", hour.plusSeconds(1_200)));
        awaitStored(merchant, hour, 3);
        awaitCubed(merchant, hour, 3);
        assertReconciled(reconcile(hour, 1, merchant, "--settle", "PT0S"));

        cassandra.execute(
                "DELETE FROM raw_events WHERE event_hour = ? AND shard = ? AND merchant_id = ? AND event_id = ?",
                hour,
                RawEventLayout.shardOf("l-2"),
                merchant,
                "l-2");

        CliRun lost = reconcile(hour, 1, merchant, "--settle", "PT0S", "--json");
        assertThat(lost.exitCode()).as(lost.output()).isEqualTo(MISMATCH);
        assertThat(lost.json().path("mismatches"))
                .extracting(ReconciliationIT::mismatch)
                .containsExactlyInAnyOrder(
                        hour + " " + merchant + " topic=stored expected 3 actual 2",
                        hour + " " + merchant + " raw=cube expected 2 actual 3");

        CliRun table = reconcile(hour, 1, merchant, "--settle", "PT0S");
        assertThat(table.exitCode()).isEqualTo(MISMATCH);
        assertThat(table.output())
                .containsPattern(hour + " +" + merchant + " +topic=stored +3 +2 +-1")
                .contains("MISMATCH " + hour + ".." + hour.plus(1, ChronoUnit.HOURS) + ": 2 mismatch(es)");
    }

    @Test
    void aChangedCubeCountIsAMismatchOfTheCubeCheckOnly() throws Exception {
        String merchant = merchant();
        Instant hour = ownHour();
        post(order(merchant, "c-1", hour.plusSeconds(60)), order(merchant, "c-2", hour.plusSeconds(2_000)));
        awaitStored(merchant, hour, 2);
        awaitCubed(merchant, hour, 2);

        changeOneTotalsRow(merchant, hour, +5);
        try {
            CliRun changed = reconcile(hour, 1, merchant, "--settle", "PT0S", "--json");
            assertThat(changed.exitCode()).as(changed.output()).isEqualTo(MISMATCH);
            assertThat(changed.json().path("mismatches"))
                    .extracting(ReconciliationIT::mismatch)
                    .containsExactly(hour + " " + merchant + " raw=cube expected 2 actual 7");
        } finally {
            changeOneTotalsRow(merchant, hour, -5);
        }
        assertReconciled(reconcile(hour, 1, merchant, "--settle", "PT0S"));
    }

    @Test
    void anEventWhoseFeedBatchIsNotAppliedYetIsPendingAndMatchesOnceItIs() throws Exception {
        String merchant = merchant();
        Instant hour = ownHour();
        // The test holds the warehouse lock, so no refresh can apply the event's feed batch (decision 0033) before the
        // reconciliation has looked at it: the raw row is stored, the cube does not count it yet.
        WarehouseLock.forSession(warehouse);
        try {
            post(order(merchant, "f-1", hour.plusSeconds(60)));
            awaitStored(merchant, hour, 1);
            await().atMost(STORED)
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(pendingFeedCells(hour)).contains(HourMerchant.of(hour, merchant)));
            assertThat(cubeTotal(merchant, hour)).isZero();

            CliRun held = reconcile(hour, 1, merchant, "--settle", "PT0S", "--json");
            assertReconciled(held);
            assertThat(held.json().path("mismatches")).isEmpty();
            assertThat(held.json().path("pending"))
                    .extracting(p -> p.path("hour").asText() + " "
                            + p.path("merchant_id").asText() + " "
                            + p.path("reason").asText())
                    .contains(hour + " " + merchant
                            + " a cube refresh is pending (feed batch not applied yet, or rebuild request)");
        } finally {
            WarehouseLock.releaseForSession(warehouse);
        }

        awaitCubed(merchant, hour, 1);
        CliRun applied = reconcile(hour, 1, merchant, "--settle", "PT0S", "--json");
        assertReconciled(applied);
        assertThat(applied.json().path("pending")).isEmpty();
        assertThat(applied.json().path("matched").asLong()).isEqualTo(2);
    }

    @Test
    void aRebuildRequestMakesItsCellPendingAndTheNextRefreshRebuildsItFromRaw() throws Exception {
        String merchant = merchant();
        Instant hour = ownHour();
        post(order(merchant, "q-1", hour.plusSeconds(60)), order(merchant, "q-2", hour.plusSeconds(2_000)));
        awaitStored(merchant, hour, 2);
        awaitCubed(merchant, hour, 2);

        // A cube cell gone wrong, and a rebuild asked for its hour (decision 0027): pending, not a mismatch.
        // The test holds the warehouse lock meanwhile, so the background refresh cannot consume the request (and
        // rebuild the cell) before the reconciliation has looked at it.
        changeOneTotalsRow(merchant, hour, +5);
        WarehouseLock.forSession(warehouse);
        try {
            try (PreparedStatement request = warehouse.prepareStatement("INSERT INTO cube_rebuild_requests (event_hour,"
                    + " merchant_id, requested_at) VALUES (?, ?, now())")) {
                request.setObject(1, OffsetDateTime.ofInstant(hour, ZoneOffset.UTC));
                request.setString(2, merchant);
                request.executeUpdate();
            }
            CliRun requested = reconcile(hour, 1, merchant, "--settle", "PT0S", "--json");
            assertReconciled(requested);
            assertThat(requested.json().path("mismatches")).isEmpty();
            assertThat(requested.json().path("pending"))
                    .extracting(p -> p.path("hour").asText() + " "
                            + p.path("merchant_id").asText())
                    .contains(hour + " " + merchant);
        } finally {
            WarehouseLock.releaseForSession(warehouse);
        }

        awaitCubed(merchant, hour, 2);
        assertReconciled(reconcile(hour, 1, merchant, "--settle", "PT0S"));
    }

    private static CliRun reconcile(Instant hour, int hours, String merchant, String... options) {
        List<String> args = new ArrayList<>(List.of(
                "reconcile",
                "--from",
                hour.toString(),
                "--to",
                hour.plus(hours, ChronoUnit.HOURS).toString(),
                "--merchant",
                merchant));
        args.addAll(List.of(options));
        return InProcessCli.sharedSystem().run(args.toArray(String[]::new));
    }

    private static void assertReconciled(CliRun reconciled) {
        assertThat(reconciled.exitCode()).as(reconciled.output()).isZero();
    }

    private static String mismatch(JsonNode m) {
        return m.path("hour").asText() + " " + m.path("merchant_id").asText() + " "
                + m.path("check").asText() + " expected " + m.path("expected").asLong() + " actual "
                + m.path("actual").asLong();
    }

    /** Asks the driver for ETL runs until the hour's cube total is {@code expected} and no refresh is pending. */
    private void awaitCubed(String merchant, Instant hour, long expected) {
        await().atMost(STORED).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            runEtl();
            assertThat(pendingFeedCells(hour)).doesNotContain(HourMerchant.of(hour, merchant));
            assertThat(cubeTotal(merchant, hour)).isEqualTo(expected);
        });
    }

    private Set<HourMerchant> pendingFeedCells(Instant hour) throws Exception {
        return PendingFeedCells.read(
                warehouse, SharedSystem.system().config().directories().feed(), List.of(hour));
    }

    private long cubeTotal(String merchant, Instant hour) throws Exception {
        try (PreparedStatement select =
                warehouse.prepareStatement("SELECT coalesce(sum(event_count), 0) FROM cube_quarter_hour"
                        + " WHERE merchant_id = ? AND cuboid = 'all' AND bucket_start >= ? AND bucket_start < ?")) {
            select.setString(1, merchant);
            select.setObject(2, OffsetDateTime.ofInstant(hour, ZoneOffset.UTC));
            select.setObject(3, OffsetDateTime.ofInstant(hour.plus(1, ChronoUnit.HOURS), ZoneOffset.UTC));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private void changeOneTotalsRow(String merchant, Instant hour, long delta) throws Exception {
        // The first totals row by key, the same row each time (an update moves a row to another ctid).
        try (PreparedStatement update = warehouse.prepareStatement(
                "UPDATE cube_quarter_hour SET event_count = event_count + ?"
                        + " WHERE (merchant_id, cuboid, bucket_start, event_type, currency) = (SELECT merchant_id, cuboid,"
                        + " bucket_start, event_type, currency FROM cube_quarter_hour WHERE merchant_id = ? AND cuboid = 'all'"
                        + " AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start, event_type, currency LIMIT 1)")) {
            update.setLong(1, delta);
            update.setString(2, merchant);
            update.setObject(3, OffsetDateTime.ofInstant(hour, ZoneOffset.UTC));
            update.setObject(4, OffsetDateTime.ofInstant(hour.plus(1, ChronoUnit.HOURS), ZoneOffset.UTC));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private void runEtl() throws Exception {
        // Through the admin route (decision 0039); a run already in progress fails the operation, the next poll asks
        // again.
        AdminApi.send("POST", "/v1/admin/etl", Duration.ofMinutes(2));
    }

    private void awaitStored(String merchant, Instant hour, long expected) {
        await().atMost(STORED)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(rawRows(merchant, hour)).isEqualTo(expected));
    }

    private long rawRows(String merchant, Instant hour) {
        return SharedPipeline.storedIds(cassandra, merchant, hour).size();
    }

    /** The kinds of the merchant's dead letters recorded today or yesterday (UTC). */
    private List<String> letterKinds(String merchant) {
        List<String> kinds = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String kind : List.of("rejected", "conflict")) {
            for (LocalDate day : List.of(today.minusDays(1), today)) {
                for (Row row : cassandra.execute(
                        "SELECT merchant_id FROM dead_letters WHERE kind = ? AND recorded_day = ?", kind, day)) {
                    if (merchant.equals(row.getString(0))) {
                        kinds.add(kind);
                    }
                }
            }
        }
        return kinds;
    }

    /** An hour of the last days, two apart from the other tests' (the next hour stays free for a moved re-send). */
    private Instant ownHour() {
        return Instant.now()
                .truncatedTo(ChronoUnit.HOURS)
                .minus(Duration.ofHours(firstHoursBack + 2L * hoursTaken.getAndIncrement()));
    }

    private static String merchant() {
        return "m_recon_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
