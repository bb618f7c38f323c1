package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.identity.RequestBinding;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** With no Kafka to acknowledge, nothing is accepted: the answer is a prompt 503 with Retry-After, never a 202. */
class KafkaUnavailableTest {
    private static final IdentityKeys.SigningKey GATEWAY_KEY = IdentityKeys.generate("test");
    private static final String SECRET = GATEWAY_KEY.verificationKey().encoded();

    @Test
    void answers503WithRetryAfterWhenKafkaCannotAcknowledge() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        EventsApiConfig defaults = EventsApiConfig.defaults("127.0.0.1:" + closedPort, SECRET, 0);
        EventsApiConfig config = new EventsApiConfig(
                defaults.host(),
                0,
                defaults.kafkaBootstrap(),
                SECRET,
                Duration.ofSeconds(2),
                defaults.futureTolerance(),
                defaults.lateEventHorizon());
        try (EventsApi api = EventsApi.start(config)) {
            String event = "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"order.completed\",\"occurred_at\":\""
                    + Instant.now().minusSeconds(60) + "\"}";
            String token = new IdentitySigner(GATEWAY_KEY)
                    .sign(
                            new Identity("p", Scope.PLATFORM, Optional.empty()),
                            RequestBinding.of(
                                    Audiences.EVENTS_API,
                                    "POST",
                                    "/v1/events",
                                    null,
                                    event.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                            Instant.now());
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/events"))
                                    .timeout(Duration.ofSeconds(30))
                                    .header(IdentityHeader.NAME, token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(event))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("\"code\":\"event_store_unavailable\"");
        }
    }

    @Test
    void isNotReadyWhileKafkaCannotDescribeTheEventsTopic() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (EventsApi api = EventsApi.start(EventsApiConfig.defaults("127.0.0.1:" + closedPort, SECRET, 0))) {
            HttpResponse<String> ready = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health/ready"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("not_ready");
        }
    }
}
