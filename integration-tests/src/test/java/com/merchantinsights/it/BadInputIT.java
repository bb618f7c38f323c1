package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.cli.GatewayClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad requests through the real gateway and events API: each gets its documented code and field, and none of
 * them leaves anything in Kafka. A valid sentinel sent afterwards proves the path was writing all along.
 */
@ExtendWith(SharedSystem.class)
class BadInputIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private record Bad(
            String name, String contentType, byte[] body, String key, int status, String code, String field) {}

    @Test
    void everyBadRequestIsRefusedWithItsCodeAndNothingOfItReachesKafka() throws Exception {
        var system = SharedSystem.system();
        String key = system.secrets().platformKey();
        String run = "bad-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String merchant = "m_it_bad_" + run.substring(4, 12);
        List<Bad> cases = new ArrayList<>();
        cases.add(new Bad(
                "malformed JSON",
                "application/json",
                utf8("{\"events\":[" + event(run + "1", merchant)),
                key,
                400,
                "malformed_json",
                null));
        cases.add(new Bad(
                "invalid UTF-8",
                "application/json",
                event(run + "2", merchant).replace("c-1", "c-\u00e9").getBytes(StandardCharsets.ISO_8859_1),
                key,
                400,
                "invalid_encoding",
                null));
        cases.add(new Bad(
                "over 1,000 events",
                "application/json",
                utf8("{\"events\":["
                        + IntStream.range(0, 1001)
                                .mapToObj(i -> event(run + "many-" + i, merchant))
                                .collect(Collectors.joining(","))
                        + "]}"),
                key,
                400,
                "too_many_events",
                "events"));
        cases.add(new Bad(
                "over 1 MiB",
                "application/json",
                utf8("{\"events\":["
                        + event(run + "3", merchant)
                                .replace("}}", "},\"properties\":{\"pad\":\"" + "x".repeat(1_100_000) + "\"}}")
                        + "]}"),
                key,
                413,
                "payload_too_large",
                null));
        cases.add(new Bad(
                "wrong content type",
                "text/plain",
                utf8(event(run + "4", merchant)),
                key,
                415,
                "unsupported_media_type",
                "Content-Type"));
        cases.add(
                new Bad("empty batch", "application/json", utf8("{\"events\":[]}"), key, 400, "empty_batch", "events"));
        cases.add(new Bad(
                "missing key",
                "application/json",
                utf8(event(run + "5", merchant)),
                null,
                401,
                "unauthenticated",
                "Authorization"));
        cases.add(new Bad(
                "unknown key",
                "application/json",
                utf8(event(run + "6", merchant)),
                "mi_unknown",
                401,
                "unauthenticated",
                "Authorization"));
        cases.add(new Bad(
                "every event invalid",
                "application/json",
                utf8("{\"events\":[" + event(run + "7", merchant).replace("\"INR\"", "\"ABC\"") + "]}"),
                key,
                400,
                "batch_rejected",
                null));

        SoftAssertions softly = new SoftAssertions();
        for (Bad bad : cases) {
            HttpResponse<String> response = post(system.services().gatewayUri(), bad);
            softly.assertThat(response.statusCode()).as(bad.name()).isEqualTo(bad.status());
            var body = com.merchantinsights.service.Json.mapper().readTree(response.body());
            softly.assertThat(body.path("code").asText()).as(bad.name()).isEqualTo(bad.code());
            softly.assertThat(
                            body.path("field").isMissingNode()
                                    ? null
                                    : body.path("field").asText())
                    .as(bad.name() + " field")
                    .isEqualTo(bad.field());
            softly.assertThat(body.path("request_id").asText())
                    .as(bad.name() + " request_id")
                    .isNotBlank();
        }
        softly.assertAll();

        GatewayClient client = system.platformClient();
        assertThat(client.postEvents(event(run + "sentinel", merchant)).status())
                .isEqualTo(202);
        String bootstrap = system.engines().kafkaBootstrapServers();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !EventsTopic.events(
                                bootstrap, e -> e.path("event_id").asText().equals(run + "sentinel"))
                        .isEmpty());
        assertThat(EventsTopic.events(
                        bootstrap, e -> e.path("event_id").asText().startsWith(run)))
                .extracting(e -> e.path("event_id").asText())
                .containsExactly(run + "sentinel");
    }

    private HttpResponse<String> post(URI gateway, Bad bad) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/v1/events"))
                .header("Content-Type", bad.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        if (bad.key() != null) {
            request.header("Authorization", "Bearer " + bad.key());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String eventId, String merchant) {
        return WalkingSkeletonIT.order(merchant, eventId, Instant.now().minusSeconds(120));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
