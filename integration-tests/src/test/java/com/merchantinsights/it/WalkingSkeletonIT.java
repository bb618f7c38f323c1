package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.stack.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One merchant's events go in at the gateway and come out of the insights API, through every real engine. */
@ExtendWith(SharedSystem.class)
class WalkingSkeletonIT {

    @Test
    void ordersPostedAtTheGatewayAreCountedOnceInTheMerchantsLocalDay() {
        LocalSystem system = SharedSystem.system();
        GatewayClient client = system.platformClient();
        String merchant = "m_it_" + UUID.randomUUID().toString().substring(0, 8);
        // 18:00Z is 23:30 in Kolkata; 19:00Z is 00:30 the next local day.
        Instant day = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        String first = order(merchant, "o-1", day.plus(Duration.ofHours(18)));
        String second = order(merchant, "o-2", day.plus(Duration.ofHours(19)));
        String third = order(merchant, "o-3", day.plus(Duration.ofHours(19)).plusSeconds(60));

        assertThat(client.postEvents("{\"events\":[" + first + "," + second + "]}")
                        .status())
                .isEqualTo(202);
        // The client retries: the same event_id arrives again, alone and inside a batch.
        assertThat(client.postEvents(second).status()).isEqualTo(202);
        var batch = client.postEvents("{\"events\":[" + third + "," + third + "]}");
        assertThat(batch.status()).isEqualTo(202);
        assertThat(batch.body().path("accepted").asInt()).isEqualTo(1);
        assertThat(batch.body().path("errors").get(0).path("code").asText()).isEqualTo("duplicate_in_batch");

        LocalDate utcDay = LocalDate.ofInstant(day, ZoneOffset.UTC);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    system.spark().runEtlNow();
                    var answer = client.timeseries(merchant, "orders", utcDay.minusDays(1), utcDay.plusDays(2));
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(GatewayClient.total(answer)).isEqualTo(3);
                    assertThat(answer.body()
                                    .path("series")
                                    .path(0)
                                    .path("points")
                                    .get(1)
                                    .path("value")
                                    .asLong())
                            .as("local day %s", utcDay)
                            .isEqualTo(1);
                    assertThat(answer.body()
                                    .path("series")
                                    .path(0)
                                    .path("points")
                                    .get(2)
                                    .path("value")
                                    .asLong())
                            .as("local day %s", utcDay.plusDays(1))
                            .isEqualTo(2);
                });
    }

    @Test
    void anotherMerchantSeesNoneOfThem() {
        GatewayClient client = SharedSystem.system().platformClient();
        var answer = client.timeseries(
                "m_it_nobody_" + UUID.randomUUID().toString().substring(0, 8),
                "orders",
                LocalDate.now().minusDays(7),
                LocalDate.now());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(GatewayClient.total(answer)).isZero();
    }

    @Test
    void theEventsApiSaysWhereAnAcceptedRequestsTimeWent() throws Exception {
        String merchant = "m_it_" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(SharedSystem.system()
                        .platformClient()
                        .postEvents(order(merchant, "o-1", Instant.now()))
                        .status())
                .isEqualTo(202);

        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + Ports.defaults()
                                                .offsetBy(SharedSystem.PORT_OFFSET)
                                                .eventsApi() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        for (String stage : List.of("read", "validate", "turn", "append", "acks")) {
            assertThat(sample(metrics, "events_ingest_stage_seconds_count", stage))
                    .as(stage)
                    .isGreaterThanOrEqualTo(1);
        }
        // Kafka's acknowledgement takes a network round trip: never nothing
        assertThat(sample(metrics, "events_ingest_stage_seconds_sum", "acks")).isPositive();
        // buckets, for percentiles across instances: the request just made is in the last one
        assertThat(metrics.lines()
                        .filter(line -> line.startsWith("events_ingest_stage_seconds_bucket{")
                                && line.contains("stage=\"acks\"")
                                && line.contains("le=\"+Inf\"")))
                .singleElement()
                .satisfies(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .isGreaterThanOrEqualTo(1));
        assertThat(metrics).contains("http_server_requests_seconds_bucket{");
    }

    @Test
    void aLargeMerchantMakesNoHotPartition() {
        LocalSystem system = SharedSystem.system();
        GatewayClient client = system.platformClient();
        String merchant = "m_it_" + UUID.randomUUID().toString().substring(0, 8);
        // ≈ 28 MB from one merchant: Kafka's sticky partitioner moves on after every 256-512 KB, ≥ 50 placements
        String note = "x".repeat(1_000);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int request = 0; request < 34; request++) {
            StringBuilder body = new StringBuilder("{\"events\":[");
            for (int i = 0; i < 700; i++) {
                body.append(i == 0 ? "" : ",").append(pageView(merchant, "pv-" + request + "-" + i, at, note));
            }
            assertThat(client.postEvents(body.append("]}").toString())
                            .body()
                            .path("accepted")
                            .asInt())
                    .isEqualTo(700);
        }

        Map<Integer, Long> perPartition = EventsTopic.countsByPartition(
                system.engines().kafkaBootstrapServers(),
                Topics.EVENTS,
                e -> e.path("merchant_id").asText().equals(merchant));
        assertThat(perPartition.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(34 * 700);
        // six partitions: a merchant keyed to one would hold all of them there
        assertThat(perPartition).as("events per partition").hasSizeGreaterThanOrEqualTo(4);
        assertThat(perPartition.values())
                .as("events per partition")
                .allSatisfy(count -> assertThat(count).isLessThan(34 * 700 * 4 / 10));
    }

    /** The value of a Prometheus sample of {@code name} labelled with the given stage. */
    private static double sample(String metrics, String name, String stage) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains("stage=\"" + stage + "\""))
                .findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(
                        "no sample " + name + " of stage " + stage + " in the events API's metrics"));
    }

    private static String pageView(String merchant, String eventId, Instant at, String note) {
        return "{\"event_id\":\"" + eventId + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"page.viewed\","
                + "\"occurred_at\":\"" + at.atOffset(ZoneOffset.UTC) + "\",\"properties\":{\"note\":\"" + note + "\"}}";
    }

    static String order(String merchant, String eventId, Instant at) {
        return "{\"event_id\":\"" + eventId + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"order.completed\","
                + "\"occurred_at\":\"" + at.atOffset(ZoneOffset.UTC) + "\",\"amount\":49900,\"currency\":\"INR\","
                + "\"customer_id\":\"c-1\",\"dimensions\":{\"channel\":\"web\"}}";
    }
}
