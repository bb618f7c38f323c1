package com.merchantinsights.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.service.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shared system's admin routes as an operator reaches them: through the gateway with the local admin key
 * (decision 0039). An operation (a 202 with an {@code operation_id}) is followed until it ends; its outcome is the
 * answer, as the CLI does.
 */
final class AdminApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A status and a JSON body. */
    record Answer(int status, JsonNode body) {}

    private AdminApi() {}

    /** Sends the request; an operation is followed for up to {@code operationTimeout}. */
    static Answer send(String method, String pathAndQuery, Duration operationTimeout) throws Exception {
        Answer answer = once(method, pathAndQuery);
        if (answer.status() != 202 || !answer.body().hasNonNull("operation_id")) {
            return answer;
        }
        String operation =
                "/v1/admin/operations/" + answer.body().path("operation_id").asText();
        AtomicReference<JsonNode> ended = new AtomicReference<>();
        await().atMost(operationTimeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode state = once("GET", operation).body();
            ended.set(state);
            return !"running".equals(state.path("state").asText());
        });
        return new Answer(ended.get().path("status").asInt(), ended.get().path("result"));
    }

    /** Sends a JSON body with the admin key; the answer as it comes (no operation followed). */
    static Answer sendJson(String method, String path, String json) throws Exception {
        var system = SharedSystem.system();
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(system.services().gatewayUri().resolve(path))
                        .timeout(Duration.ofMinutes(1))
                        .header("Authorization", "Bearer " + system.secrets().adminKey())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Answer(
                response.statusCode(),
                body == null || body.isBlank()
                        ? Json.mapper().createObjectNode()
                        : Json.mapper().readTree(body));
    }

    private static Answer once(String method, String pathAndQuery) throws Exception {
        var system = SharedSystem.system();
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(system.services().gatewayUri().resolve(pathAndQuery))
                        .timeout(Duration.ofMinutes(5))
                        .header("Authorization", "Bearer " + system.secrets().adminKey())
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Answer(
                response.statusCode(),
                body == null || body.isBlank()
                        ? Json.mapper().createObjectNode()
                        : Json.mapper().readTree(body));
    }
}
