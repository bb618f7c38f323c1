package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;

/** A small client of the public API, as a platform service would call it; used by the CLI, tests and benches. */
public final class GatewayClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final String apiKey;

    public GatewayClient(URI gateway, String apiKey) {
        this.gateway = gateway;
        this.apiKey = apiKey;
    }

    /** An HTTP answer: status and parsed JSON body (a missing node when the body is empty or not JSON). */
    public record Answer(int status, JsonNode body) {}

    public Answer postEvents(String body) {
        return send(HttpRequest.newBuilder(gateway.resolve("/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public Answer timeseries(String merchantId, String metric, LocalDate from, LocalDate to) {
        String query = "metric=" + enc(metric) + "&from=" + from + "&to=" + to + "&granularity=day&merchant_id="
                + enc(merchantId);
        return get("/v1/insights/timeseries?" + query);
    }

    /** As {@link #timeseries(String, String, LocalDate, LocalDate)}, keeping one value of one dimension ({@code filter=d:v}). */
    public Answer timeseries(
            String merchantId, String metric, LocalDate from, LocalDate to, String dimension, String value) {
        String query = "metric=" + enc(metric) + "&from=" + from + "&to=" + to + "&granularity=day&merchant_id="
                + enc(merchantId) + "&filter=" + enc(dimension + ":" + value);
        return get("/v1/insights/timeseries?" + query);
    }

    /** Registers or updates a merchant's calendar and currency ({@code PUT /v1/merchants/{id}}). */
    public Answer putMerchant(String merchantId, String settingsJson) {
        return send(HttpRequest.newBuilder(gateway.resolve("/v1/merchants/" + enc(merchantId)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(settingsJson))
                .build());
    }

    public Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(gateway.resolve(pathAndQuery)).GET().build());
    }

    /** Sum of the values of the first series of a timeseries answer (a count metric). */
    public static long total(Answer answer) {
        long sum = 0;
        for (JsonNode point : answer.body().path("series").path(0).path("points")) {
            sum += point.path("value").asLong();
        }
        return sum;
    }

    private Answer send(HttpRequest request) {
        HttpRequest withAuth = HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = http.send(withAuth, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isEmpty()
                        ? Json.mapper().missingNode()
                        : Json.mapper().readTree(response.body());
            } catch (IOException notJson) {
                body = Json.mapper().missingNode();
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
