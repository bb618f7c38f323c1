package com.merchantinsights.it;

import static com.merchantinsights.it.SharedPipeline.order;
import static com.merchantinsights.it.SharedPipeline.post;
import static com.merchantinsights.it.SharedPipeline.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.layout.RawArchiveLayout;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.it.InProcessCli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Raw history on the shared system: the hourly Parquet archive (decision 0011), the re-drive of rejected dead letters
 * and the re-derivation of raw events into a new version (decision 0012). Each test uses its own merchant and
 * an hour weeks back that no other test writes, so that counts of the hour are its own.
 */
@ExtendWith(SharedSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawHistoryIT {
    private static final Duration STORED = Duration.ofMinutes(3);
    private CqlSession cassandra;

    @BeforeAll
    void connect() {
        cassandra = SharedPipeline.cassandra();
    }

    @AfterAll
    void disconnect() {
        if (cassandra != null) {
            cassandra.close();
        }
    }

    @Test
    void anHourIsArchivedAsParquetAndALateEventReplacesItsGenerationInsteadOfAddingOne() throws Exception {
        String merchant = merchant();
        Instant hour = quietHour();
        post(
                order(merchant, "a-1", hour.plusSeconds(60)),
                order(merchant, "a-2", hour.plusSeconds(120)),
                order(merchant, "a-3", hour.plusSeconds(180)));
        awaitStored(merchant, hour, 3);

        JsonNode first = archive(hour);
        assertThat(first.path("hours_archived").get(0).asText()).isEqualTo(hour.toString());
        assertThat(first.path("rows_archived").asLong()).isEqualTo(3);
        assertThat(generations(hour)).hasSize(1);

        post(order(merchant, "late-4", hour.plusSeconds(3_000)));
        awaitStored(merchant, hour, 4);
        // The late event marked its hour: the scheduled run (here: asked for now) archives it again, whole.
        await().atMost(STORED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            admin("POST", "/archive");
            assertThat(generations(hour)).hasSize(2);
        });
        assertThat(archive(hour).path("rows_archived").asLong())
                .as("one generation is the hour, never a sum")
                .isEqualTo(4);
        assertThat(generations(hour))
                .as("the newest generation and the one before it")
                .hasSize(2);
    }

    @Test
    void reDrivingRejectedLettersStoresTheFixedOnesOnceAndRewritesTheStillBrokenOnes() throws Exception {
        String merchant = merchant();
        Instant hour = quietHour();
        String broken = order(merchant, "r-1", hour.plusSeconds(60)).replace("order.completed", "Order Completed");
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, "r-1", broken)).get();
        }
        await().atMost(STORED)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(letters(merchant)).hasSize(1));
        Row original = letters(merchant).get(0);
        // A letter whose rule has since been fixed: what an older stream processor rejected, the current one accepts.
        UUID fixedId = UUID.randomUUID();
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        cassandra.execute(
                "INSERT INTO dead_letters (kind, recorded_day, recorded_at, dead_letter_id, source, code, reason,"
                        + " merchant_id, event_id, payload) VALUES ('rejected', ?, ?, ?, 'stream-processor', 'invalid_amount',"
                        + " 'a rule since fixed', ?, 'r-2', ?)",
                recordedAt.atZone(ZoneOffset.UTC).toLocalDate(),
                recordedAt,
                fixedId,
                merchant,
                order(merchant, "r-2", hour.plusSeconds(120)));

        CliRun redriven = cli("dead-letters", "redrive", "--merchant", merchant);
        assertThat(redriven.exitCode()).as(redriven.output()).isZero();

        await().atMost(STORED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(storedIds(merchant, hour)).containsExactly("r-2");
            assertThat(letter(merchant, fixedId).getString("resolution")).isEqualTo("stored");
        });
        String originalId = original.getUuid("dead_letter_id").toString();
        await().atMost(STORED)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(EventsTopic.read(
                                SharedSystem.system().engines().kafkaBootstrapServers(),
                                Topics.DEAD_LETTERS,
                                l -> originalId.equals(l.path("dead_letter_id").asText())))
                        .as("rejected again: the same letter, published again under its id")
                        .hasSize(2));
        assertThat(letters(merchant))
                .as("no new letter for the record rejected again")
                .hasSize(2);
        assertThat(letter(merchant, original.getUuid("dead_letter_id")).getInstant("redriven_at"))
                .isNotNull();
        assertThat(letter(merchant, original.getUuid("dead_letter_id")).getString("resolution"))
                .isNull();

        // Re-driving everything again, resolved letters included, counts nothing twice.
        CliRun redrivenAgain = cli("dead-letters", "redrive", "--merchant", merchant, "--include-resolved");
        assertThat(redrivenAgain.exitCode()).as(redrivenAgain.output()).isZero();
        await().atMost(STORED)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(letter(merchant, fixedId).getString("resolution"))
                        .isEqualTo("duplicate"));
        assertThat(storedIds(merchant, hour)).containsExactly("r-2");
        assertThat(letters(merchant)).hasSize(2);
    }

    @Test
    void reDerivingARangeWritesANewVersionFromTheArchiveOrCassandraAlikeAndLeavesTheLiveRowsAlone() throws Exception {
        String merchant = merchant();
        Instant hour = quietHour();
        post(
                order(merchant, "d-1", hour.plusSeconds(60)),
                order(merchant, "d-2", hour.plusSeconds(120)),
                order(merchant, "d-3", hour.plusSeconds(180)));
        awaitStored(merchant, hour, 3);
        Map<String, Row> live = liveRows(merchant, hour);
        archive(hour);
        String from = hour.toString();
        String to = hour.plus(1, ChronoUnit.HOURS).toString();

        CliRun fromArchive = cli("rederive", "--from", from, "--to", to, "--merchant", merchant, "--source", "archive");
        assertThat(fromArchive.exitCode()).as(fromArchive.output()).isZero();
        JsonNode run = admin("GET", "/rederive");
        String version = run.path("raw_version").asText();
        assertThat(run.path("state").asText()).isEqualTo("complete");
        assertThat(run.path("events_read").asLong()).isEqualTo(3);
        assertThat(run.path("rows_written").asLong()).isEqualTo(3);
        assertVersionEqualsLiveRows(version, hour, live);

        // The same re-derivation again, from Cassandra this time: the same version, rewritten, not a second one.
        CliRun fromCassandra = cli("rederive", "--from", from, "--to", to, "--merchant", merchant);
        assertThat(fromCassandra.exitCode()).as(fromCassandra.output()).isZero();
        assertThat(admin("GET", "/rederive").path("raw_version").asText()).isEqualTo(version);
        assertVersionEqualsLiveRows(version, hour, live);
        List<Row> runs = cassandra
                .execute("SELECT * FROM raw_version_runs WHERE raw_version = ?", version)
                .all();
        assertThat(runs).hasSize(2).allSatisfy(r -> {
            assertThat(r.getString("state")).isEqualTo("complete");
            assertThat(r.getInt("logic_version"))
                    .isEqualTo(run.path("logic_version").asInt());
            assertThat(r.getSet("merchants", String.class)).containsExactly(merchant);
            assertThat(r.getLong("rows_written")).isEqualTo(3);
        });
        assertThat(runs).extracting(r -> r.getString("source")).containsExactlyInAnyOrder("archive", "auto");
        Map<String, Row> after = liveRows(merchant, hour);
        assertThat(after.keySet()).as("the live raw rows are untouched").isEqualTo(live.keySet());
        after.forEach((id, row) ->
                assertThat(row.getInstant("ingested_at")).isEqualTo(live.get(id).getInstant("ingested_at")));
    }

    private void assertVersionEqualsLiveRows(String version, Instant hour, Map<String, Row> live) {
        Map<String, Row> derived = new java.util.TreeMap<>();
        for (int shard : RawEventLayout.allShards()) {
            for (Row row : cassandra.execute(
                    "SELECT * FROM raw_event_versions WHERE raw_version = ? AND event_hour = ?" + " AND shard = ?",
                    version,
                    hour,
                    shard)) {
                derived.put(row.getString("event_id"), row);
            }
        }
        assertThat(derived.keySet()).isEqualTo(live.keySet());
        derived.forEach((id, row) -> {
            Row original = live.get(id);
            assertThat(row.getString("payload")).isEqualTo(original.getString("payload"));
            assertThat(row.getInstant("occurred_at")).isEqualTo(original.getInstant("occurred_at"));
            assertThat(row.getInstant("ingested_at"))
                    .as("the original ingest time")
                    .isEqualTo(original.getInstant("ingested_at"));
            assertThat(row.getLong("amount")).isEqualTo(original.getLong("amount"));
            assertThat(row.getMap("dimensions", String.class, String.class))
                    .isEqualTo(original.getMap("dimensions", String.class, String.class));
            assertThat(row.getInt("logic_version")).isEqualTo(original.getInt("logic_version"));
        });
    }

    private Map<String, Row> liveRows(String merchant, Instant hour) {
        Map<String, Row> rows = new java.util.TreeMap<>();
        for (int shard : RawEventLayout.allShards()) {
            for (Row row : cassandra.execute(
                    "SELECT * FROM raw_events WHERE event_hour = ? AND shard = ? AND merchant_id = ?",
                    hour,
                    shard,
                    merchant)) {
                rows.put(row.getString("event_id"), row);
            }
        }
        return rows;
    }

    private static CliRun cli(String... args) {
        return InProcessCli.sharedSystem().run(args);
    }

    /** The merchant's rejected letters of today and yesterday (UTC), from the table. */
    private List<Row> letters(String merchant) {
        List<Row> rows = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day : List.of(today.minusDays(1), today)) {
            for (Row row :
                    cassandra.execute("SELECT * FROM dead_letters WHERE kind = 'rejected' AND recorded_day = ?", day)) {
                if (merchant.equals(row.getString("merchant_id"))) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private Row letter(String merchant, UUID id) {
        return letters(merchant).stream()
                .filter(r -> id.equals(r.getUuid("dead_letter_id")))
                .findFirst()
                .orElseThrow();
    }

    /** An hour 20 to 60 days back, chosen at random: inside the retention, and written by no other test. */
    /**
     * An hour 20 to 60 days back in which nothing is stored yet: archive counts are of the whole hour, and other tests
     * write old hours too (CubeDifferentialIT around DST transitions).
     */
    private Instant quietHour() {
        while (true) {
            Instant hour = Instant.now()
                    .truncatedTo(ChronoUnit.HOURS)
                    .minus(Duration.ofHours(
                            24L * 20 + ThreadLocalRandom.current().nextInt(24 * 40)));
            boolean empty = true;
            for (int shard : RawEventLayout.allShards()) {
                empty &= cassandra
                                .execute(
                                        "SELECT event_id FROM raw_events WHERE event_hour = ? AND shard = ? LIMIT 1",
                                        hour,
                                        shard)
                                .one()
                        == null;
            }
            if (empty) {
                return hour;
            }
        }
    }

    private static String merchant() {
        return "m_hist_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode archive(Instant hour) throws Exception {
        return admin("POST", "/archive?from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS));
    }

    private static List<String> generations(Instant hour) throws IOException {
        Path folder = SharedSystem.system().config().directories().archive().resolve(RawArchiveLayout.hourFolder(hour));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> RawArchiveLayout.generationOf(name).isPresent())
                    .sorted()
                    .toList();
        }
    }

    /** An admin route through the gateway (decision 0039), an operation followed to its end; its answer must be 200. */
    private static JsonNode admin(String method, String route) throws Exception {
        AdminApi.Answer answer = AdminApi.send(method, "/v1/admin" + route, Duration.ofMinutes(5));
        assertThat(answer.status())
                .as("%s %s: %s", method, route, answer.body())
                .isEqualTo(200);
        return answer.body();
    }

    private void awaitStored(String merchant, Instant hour, int expected) {
        await().atMost(STORED)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(storedIds(merchant, hour)).hasSize(expected));
    }

    private List<String> storedIds(String merchant, Instant hour) {
        return SharedPipeline.storedIds(cassandra, merchant, hour);
    }
}
