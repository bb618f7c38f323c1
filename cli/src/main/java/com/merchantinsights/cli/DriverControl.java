package com.merchantinsights.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The running Spark driver's control endpoint on 127.0.0.1, for commands that ask the driver to do work. */
final class DriverControl {
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DriverControl(int port) {
        this.port = port;
    }

    HttpResponse<String> post(String path, Map<String, List<String>> query, Duration timeout)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path, query))
                        .timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, Map<String, List<String>> query) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path, query))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path, Map<String, List<String>> query) {
        String encoded = query.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        return URI.create("http://127.0.0.1:" + port + path + (encoded.isEmpty() ? "" : "?" + encoded));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
