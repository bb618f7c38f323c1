package com.merchantinsights.it;

import static com.merchantinsights.it.SharedPipeline.post;
import static com.merchantinsights.it.SharedPipeline.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.it.InProcessCli.CliRun;
import com.merchantinsights.service.keys.KeyAdmin;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person's erasure on the real engines (issue 23, decision 0053): their events sent through the API and Segment, on
 * time and late, one rejected by the stream and one in conflict, archived and re-derived; then erased through
 * {@code POST /v1/admin/erasures}. Nothing of theirs is left in the raw store, its versions, the lookup, the dead
 * letters or the archive; a re-send is not stored; the reconciliation still exits 0; the request says what was done.
 */
@ExtendWith(SharedSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureIT {
    private static final Duration STORED = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private CqlSession cassandra;
    private Connection warehouse;

    @BeforeAll
    void connect() throws Exception {
        var engines = SharedSystem.system().engines();
        cassandra = SharedPipeline.cassandra();
        warehouse = DriverManager.getConnection(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
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
    void aPersonsErasureLeavesNoRowOfThemInAnyStoreAndTheNumbersStillReconcile() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String merchant = "m_erase_" + suffix;
        String customer = "cust-" + suffix;
        String anonymous = "anon-" + suffix;
        String other = "keep-" + suffix;
        // Hours of their own: the current hour's predecessor (on time) and one 2 to 5 days back (late).
        Instant onTime = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Instant late =
                onTime.minus(Duration.ofHours(48 + ThreadLocalRandom.current().nextInt(72)));
        String writeKey = KeyAdmin.forWarehouse(
                        SharedSystem.system().engines().jdbcUrl(),
                        SharedSystem.system().engines().jdbcUser(),
                        SharedSystem.system().engines().jdbcPassword())
                .create(Scope.MERCHANT_WRITE, Optional.of(new MerchantId(merchant)), "ErasureIT")
                .secret();

        post(
                event(merchant, "p-1", onTime.plusSeconds(60), customer, null, 10_000),
                event(merchant, "p-2", late.plusSeconds(60), customer, null, 20_000),
                event(merchant, "p-3", late.plusSeconds(120), null, anonymous, 30_000),
                event(merchant, "k-1", onTime.plusSeconds(180), other, null, 40_000),
                event(merchant, "k-2", late.plusSeconds(180), other, null, 50_000));
        // Segment's track call with the merchant's write key (the gateway learns a new key within seconds).
        String segmentBody = "{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"s-1\",\"userId\":\""
                + customer + "\",\"timestamp\":\"" + onTime.plusSeconds(240) + "\","
                + "\"properties\":{\"revenue\":60.0,\"currency\":\"INR\"}}";
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> segment(writeKey, segmentBody) == 200);
        // A record that bypassed the edge and breaks a rule (a rejected letter carrying the person), and a differing
        // re-send of p-1 (a conflict letter carrying the person).
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            Topics.EVENTS,
                            "r-1",
                            event(merchant, "r-1", onTime.plusSeconds(300), customer, null, 70_000)
                                    .replace("order.completed", "Order Completed")))
                    .get();
            // Another customer's rejected record that mentions the person's id in a free property: not theirs.
            producer.send(new ProducerRecord<>(
                            Topics.EVENTS,
                            "r-2",
                            event(merchant, "r-2", onTime.plusSeconds(360), other, null, 80_000)
                                    .replace("order.completed", "Order Completed")
                                    .replace("\"email\":\"person@example.com\"", "\"ref\":\"" + customer + "\"")))
                    .get();
        }
        post(event(merchant, "p-1", onTime.plusSeconds(60), customer, null, 99_999));
        await().atMost(STORED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(storedIds(merchant, onTime)).containsExactlyInAnyOrder("p-1", "k-1", "s-1");
            assertThat(storedIds(merchant, late)).containsExactlyInAnyOrder("p-2", "p-3", "k-2");
            assertThat(letters(merchant)).containsExactlyInAnyOrder("rejected r-1", "rejected r-2", "conflict p-1");
        });
        assertThat(lookupIds(merchant, onTime)).contains("p-1", "s-1");
        archive(onTime);
        archive(late);
        String version = rederiveFromArchive(merchant, late);
        assertThat(versionIds(version, late)).containsExactlyInAnyOrder("p-2", "p-3", "k-2");
        awaitCubed(merchant, onTime, 3);
        awaitCubed(merchant, late, 3);

        AdminApi.Answer asked = AdminApi.sendJson(
                "POST",
                "/v1/admin/erasures",
                "{\"merchant_id\":\"" + merchant + "\",\"customer_id\":\"" + customer + "\",\"anonymous_id\":\""
                        + anonymous + "\"}");
        assertThat(asked.status()).as("%s", asked.body()).isEqualTo(202);
        String id = asked.body().path("erasure_id").asText();
        AdminApi.Answer again = AdminApi.sendJson(
                "POST",
                "/v1/admin/erasures",
                "{\"merchant_id\":\"" + merchant + "\",\"anonymous_id\":\"" + anonymous + "\",\"customer_id\":\""
                        + customer + "\"}");
        assertThat(again.status()).as("the same person again, while open").isIn(200, 202);
        if (again.status() == 200) {
            assertThat(again.body().path("erasure_id").asText()).isEqualTo(id);
        }
        JsonNode done = awaitErasure(id);

        assertThat(done.path("state").asText()).as("%s", done).isEqualTo("done");
        JsonNode stores = done.path("stores");
        assertThat(stores.path("raw_events").path("rows_deleted").asLong()).isEqualTo(4);
        assertThat(stores.path("raw_versions").path("rows_deleted").asLong()).isEqualTo(2);
        assertThat(stores.path("dead_letters").path("deleted").asLong()).isEqualTo(2);
        assertThat(stores.path("archive").path("rows_removed").asLong()).isEqualTo(4);
        assertThat(stores.path("archive").path("hours_rewritten").asLong()).isEqualTo(2);
        assertThat(stores.path("erased_events").path("remembered").asLong()).isEqualTo(5);
        assertThat(stores.path("cubes").path("cells_rebuilt").asLong()).isEqualTo(2);
        assertThat(done.path("kafka"))
                .extracting(t ->
                        t.path("topic").asText() + " " + t.path("retention").asText())
                .contains(Topics.EVENTS + " PT168H");

        assertThat(storedIds(merchant, onTime)).containsExactly("k-1");
        assertThat(storedIds(merchant, late)).containsExactly("k-2");
        assertThat(versionIds(version, late)).containsExactly("k-2");
        assertThat(lookupIds(merchant, onTime)).containsExactly("k-1");
        assertThat(lookupIds(merchant, late)).containsExactly("k-2");
        assertThat(letters(merchant))
                .as("only the other customer's letter stays")
                .containsExactly("rejected r-2");
        assertThat(cubeTotal(merchant, onTime)).isEqualTo(1);
        assertThat(cubeTotal(merchant, late)).isEqualTo(1);
        // The archive read back through a re-derivation from it: only the other customer's events are left.
        assertThat(versionIds(rederiveFromArchive(merchant, late), late)).containsExactly("k-2");

        // A client's re-send of an erased event: an 'erased' letter, not a stored row.
        post(event(merchant, "p-2", late.plusSeconds(60), customer, null, 20_000));
        await().atMost(STORED)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(erasedLetters(merchant)).containsExactly("p-2"));
        assertThat(storedIds(merchant, late)).containsExactly("k-2");

        for (Instant hour : List.of(late, onTime)) {
            CliRun reconciled = reconcile(merchant, hour);
            assertThat(reconciled.exitCode()).as(reconciled.output()).isZero();
        }

        // Asked again with suppress: from now on the person's new events are erased letters too, never stored, and
        // the reconciliation counts them by their letter.
        AdminApi.Answer suppress = AdminApi.sendJson(
                "POST",
                "/v1/admin/erasures",
                "{\"merchant_id\":\"" + merchant + "\",\"customer_id\":\"" + customer + "\",\"suppress\":true}");
        assertThat(suppress.status()).as("%s", suppress.body()).isEqualTo(202);
        assertThat(awaitErasure(suppress.body().path("erasure_id").asText())
                        .path("state")
                        .asText())
                .isEqualTo("done");
        post(event(merchant, "p-9", onTime.plusSeconds(900), customer, null, 1_000));
        // The client retries it: a letter per record, one event for the reconciliation.
        post(event(merchant, "p-9", onTime.plusSeconds(900), customer, null, 1_000));
        await().atMost(STORED)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> assertThat(erasedLetters(merchant)).containsExactlyInAnyOrder("p-2", "p-9", "p-9"));
        assertThat(storedIds(merchant, onTime)).containsExactly("k-1");
        CliRun withSuppressed = reconcile(merchant, onTime);
        assertThat(withSuppressed.exitCode()).as(withSuppressed.output()).isZero();
    }

    /** {@code bin/insights reconcile} of the merchant's hour, settled at once. */
    private static CliRun reconcile(String merchant, Instant hour) {
        return InProcessCli.sharedSystem()
                .run(
                        "reconcile",
                        "--from",
                        hour.toString(),
                        "--to",
                        hour.plus(1, ChronoUnit.HOURS).toString(),
                        "--merchant",
                        merchant,
                        "--settle",
                        "PT0S");
    }

    private static String event(
            String merchant, String eventId, Instant at, String customer, String anonymous, long amount) {
        return "{\"event_id\":\"" + eventId + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"order.completed\","
                + "\"occurred_at\":\"" + at.atOffset(ZoneOffset.UTC) + "\",\"amount\":" + amount
                + ",\"currency\":\"INR\""
                + (customer == null ? "" : ",\"customer_id\":\"" + customer + "\"")
                + (anonymous == null ? "" : ",\"anonymous_id\":\"" + anonymous + "\"")
                + ",\"properties\":{\"email\":\"person@example.com\"}}";
    }

    private static int segment(String writeKey, String body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(
                                SharedSystem.system().services().gatewayUri().resolve("/v1/track"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private JsonNode awaitErasure(String id) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    runEtl();
                    JsonNode state = AdminApi.send("GET", "/v1/admin/erasures/" + id, Duration.ofSeconds(30))
                            .body();
                    last.set(state);
                    assertThat(state.path("state").asText()).as("%s", state).isIn("done", "failed");
                });
        return last.get();
    }

    private static void archive(Instant hour) throws Exception {
        AdminApi.Answer answer = AdminApi.send(
                "POST",
                "/v1/admin/archive?from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS),
                Duration.ofMinutes(5));
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
    }

    /** Re-derives the hour of the merchant from the archive; answers the raw version written. */
    private static String rederiveFromArchive(String merchant, Instant hour) throws Exception {
        CliRun run = InProcessCli.sharedSystem()
                .run(
                        "rederive",
                        "--from",
                        hour.toString(),
                        "--to",
                        hour.plus(1, ChronoUnit.HOURS).toString(),
                        "--merchant",
                        merchant,
                        "--source",
                        "archive");
        assertThat(run.exitCode()).as(run.output()).isZero();
        AdminApi.Answer latest = AdminApi.send("GET", "/v1/admin/rederive", Duration.ofSeconds(30));
        return latest.body().path("raw_version").asText();
    }

    private static void runEtl() throws Exception {
        AdminApi.send("POST", "/v1/admin/etl", Duration.ofMinutes(2));
    }

    private void awaitCubed(String merchant, Instant hour, long expected) {
        await().atMost(STORED).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            runEtl();
            assertThat(cubeTotal(merchant, hour)).isEqualTo(expected);
        });
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

    private Set<String> storedIds(String merchant, Instant hour) {
        return new TreeSet<>(SharedPipeline.storedIds(cassandra, merchant, hour));
    }

    private Set<String> versionIds(String version, Instant hour) {
        return eventIds(
                "SELECT event_id FROM raw_event_versions WHERE raw_version = ? AND event_hour = ? AND shard = ?",
                version,
                hour);
    }

    /** The merchant's event ids in the person lookup of the hour, whoever the person. */
    private Set<String> lookupIds(String merchant, Instant hour) {
        return eventIds(
                "SELECT event_id FROM person_events WHERE merchant_id = ? AND event_hour = ? AND shard = ?",
                merchant,
                hour);
    }

    /** The event ids a read of one hour's partitions answers, every shard: {@code key} and the hour bound first. */
    private Set<String> eventIds(String cql, String key, Instant hour) {
        Set<String> ids = new TreeSet<>();
        for (int shard : RawEventLayout.allShards()) {
            for (Row row : cassandra.execute(cql, key, hour, shard)) {
                ids.add(row.getString(0));
            }
        }
        return ids;
    }

    /** "kind event_id" of the merchant's rejected and conflict letters of the last days. */
    private List<String> letters(String merchant) {
        List<String> found = new ArrayList<>();
        for (String kind : List.of("rejected", "conflict")) {
            for (Row row : lettersOf(kind)) {
                if (merchant.equals(row.getString("merchant_id"))) {
                    found.add(kind + " " + row.getString("event_id"));
                }
            }
        }
        return found;
    }

    private List<String> erasedLetters(String merchant) {
        List<String> found = new ArrayList<>();
        for (Row row : lettersOf("erased")) {
            if (merchant.equals(row.getString("merchant_id"))) {
                found.add(row.getString("event_id"));
                assertThat(row.getString("payload")).doesNotContain("cust-").doesNotContain("example.com");
            }
        }
        return found;
    }

    private List<Row> lettersOf(String kind) {
        List<Row> rows = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day : List.of(today.minusDays(1), today)) {
            cassandra
                    .execute(
                            "SELECT merchant_id, event_id, payload FROM dead_letters WHERE kind = ? AND recorded_day = ?",
                            kind,
                            day)
                    .forEach(rows::add);
        }
        return rows;
    }
}
