package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The operations commands' way to the system: the gateway's admin routes with an admin key (decision 0039), never
 * the engines or the driver directly. Paths are the operations' own ({@code /etl}, {@code /reprocess/diff}…) under
 * {@code /v1/admin}. A long act the service answers with 202 and an operation is followed until it ends, and its
 * answer is returned as if it had come at once; an error is returned as {@code {"error": message, "code": code}}, with
 * the error body's {@code field} when it names one.
 */
final class AdminClient {
    static final String PREFIX = "/v1/admin";
    private static final Duration POLL = Duration.ofMillis(500);

    /** An answer: the status and the JSON body. */
    record Answer(int statusCode, String body) {}

    private final URI gateway;
    private final Path keyFile;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(URI gateway, Path keyFile) {
        this.gateway = gateway;
        this.keyFile = keyFile;
    }

    Answer post(String path, Map<String, List<String>> query, Duration timeout)
            throws IOException, InterruptedException {
        Answer answer = send("POST", path, query, Duration.ofSeconds(60));
        JsonNode body = answer.statusCode() == 202 ? parse(answer.body()) : null;
        // A 202 with an operation is followed; a 202 of the driver's own (a build started) is the answer.
        if (body == null || !body.hasNonNull("operation_id")) {
            return answer;
        }
        return follow(body, Instant.now().plus(timeout));
    }

    /** A JSON body sent as it is (key creation). */
    Answer postJson(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path, Map.of()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, Map.of(), Duration.ofSeconds(30));
    }

    /** The gateway this client talks to, for messages. */
    URI gateway() {
        return gateway;
    }

    Answer get(String path, Map<String, List<String>> query) throws IOException, InterruptedException {
        return get(path, query, Duration.ofSeconds(30));
    }

    Answer get(String path, Map<String, List<String>> query, Duration timeout)
            throws IOException, InterruptedException {
        return send("GET", path, query, timeout);
    }

    /** Asks after an operation until it ends; its outcome is the answer. */
    private Answer follow(JsonNode operation, Instant deadline) throws IOException, InterruptedException {
        String id = operation.path("operation_id").asText();
        while (true) {
            Answer polled = send("GET", "/operations/" + id, Map.of(), Duration.ofSeconds(30));
            if (polled.statusCode() != 200) {
                return polled;
            }
            JsonNode state = Json.mapper().readTree(polled.body());
            if (!"running".equals(state.path("state").asText())) {
                return new Answer(
                        state.path("status").asInt(500), state.path("result").toString());
            }
            // An act that only starts its work (a reprocess build, a re-derivation in a cluster's SparkApplication,
            // decision 0052) answers 202 as its first progress: that is the answer, as the local driver's 202 is.
            if (state.path("status").asInt() == 202 && state.has("result")) {
                return new Answer(202, state.path("result").toString());
            }
            if (Instant.now().isAfter(deadline)) {
                return error(
                        504,
                        "timeout",
                        "operation " + id + " is still running; ask GET " + PREFIX + "/operations/" + id);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Answer send(String method, String path, Map<String, List<String>> query, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path, query))
                .timeout(timeout)
                .header("Authorization", "Bearer " + key())
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> response) {
        if (response.statusCode() >= 400) {
            JsonNode body = parse(response.body());
            Answer error = error(
                    response.statusCode(),
                    body.path("code").asText("error"),
                    body.path("message").asText(body.path("error").asText(response.body())));
            if (!body.hasNonNull("field")) {
                return error;
            }
            ObjectNode withField = (ObjectNode) parse(error.body());
            withField.put("field", body.get("field").asText());
            return new Answer(error.statusCode(), withField.toString());
        }
        return new Answer(response.statusCode(), response.body());
    }

    private static Answer error(int status, String code, String message) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("error", message);
        body.put("code", code);
        return new Answer(status, body.toString());
    }

    URI uri(String path, Map<String, List<String>> query) {
        String encoded = query.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        String base = gateway.toString().replaceAll("/+$", "");
        return URI.create(base + PREFIX + path + (encoded.isEmpty() ? "" : "?" + encoded));
    }

    private String key() {
        try {
            return Files.readString(keyFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin key file " + keyFile, e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node == null ? Json.mapper().createObjectNode() : node;
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
