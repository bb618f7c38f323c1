package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.layout.RawArchiveLayout;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Raw history on the shared system: the hourly Parquet archive (decision 0011). Each test uses its own merchant and
 * an hour weeks back that no other test writes, so that counts of the hour are its own.
 */
@ExtendWith(SharedSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawHistoryIT {
    private static final Duration STORED = Duration.ofMinutes(3);
    private final HttpClient http = HttpClient.newHttpClient();
    private CqlSession cassandra;

    @BeforeAll
    void connect() {
        LocalSystem system = SharedSystem.system();
        cassandra = CqlSession.builder().addContactPoint(system.engines().cassandraContactPoint())
                .withLocalDatacenter(system.engines().cassandraLocalDatacenter())
                .withKeyspace(RawEventLayout.KEYSPACE).build();
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
        post(order(merchant, "a-1", hour.plusSeconds(60)), order(merchant, "a-2", hour.plusSeconds(120)),
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
            control("POST", "/archive");
            assertThat(generations(hour)).hasSize(2);
        });
        assertThat(archive(hour).path("rows_archived").asLong()).as("one generation is the hour, never a sum").isEqualTo(4);
        assertThat(generations(hour)).as("the newest generation and the one before it").hasSize(2);
    }

    /** An hour 20 to 60 days back, chosen at random: inside the retention, and written by no other test. */
    private static Instant quietHour() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS)
                .minus(Duration.ofHours(24L * 20 + ThreadLocalRandom.current().nextInt(24 * 40)));
    }

    private static String merchant() {
        return "m_hist_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode archive(Instant hour) throws Exception {
        return control("POST", "/archive?from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS));
    }

    private static List<String> generations(Instant hour) throws IOException {
        Path folder = SharedSystem.system().config().directories().archive().resolve(RawArchiveLayout.hourFolder(hour));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> RawArchiveLayout.generationOf(name).isPresent()).sorted().toList();
        }
    }

    private JsonNode control(String method, String pathAndQuery) throws Exception {
        int port = SharedSystem.system().config().ports().sparkControl();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofMinutes(5)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, pathAndQuery, response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static void post(String... events) {
        var answer = SharedSystem.system().platformClient().postEvents("{\"events\":[" + String.join(",", events) + "]}");
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
        assertThat(answer.body().path("accepted").asInt()).isEqualTo(events.length);
    }

    private void awaitStored(String merchant, Instant hour, int expected) {
        await().atMost(STORED).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(storedIds(merchant, hour)).hasSize(expected));
    }

    private List<String> storedIds(String merchant, Instant hour) {
        List<String> ids = new ArrayList<>();
        for (int shard : RawEventLayout.allShards()) {
            for (Row row : cassandra.execute("SELECT event_id FROM raw_events WHERE event_hour = ? AND shard = ?"
                    + " AND merchant_id = ?", hour, shard, merchant)) {
                ids.add(row.getString(0));
            }
        }
        return ids;
    }

    static String order(String merchant, String eventId, Instant at) {
        return "{\"event_id\":\"" + eventId + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"order.completed\","
                + "\"occurred_at\":\"" + at.atOffset(ZoneOffset.UTC) + "\",\"amount\":49900,\"currency\":\"INR\","
                + "\"customer_id\":\"c-1\",\"dimensions\":{\"channel\":\"web\"},\"properties\":{\"note\":\"kept\"}}";
    }
}
