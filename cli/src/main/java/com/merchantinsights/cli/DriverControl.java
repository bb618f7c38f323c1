package com.merchantinsights.cli;

import com.merchantinsights.stack.DriverControlToken;
import com.merchantinsights.stack.StackConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The running Spark driver's control endpoint on 127.0.0.1, for commands that ask the driver to do work; each request
 * carries the token the driver wrote under the stack's work directory at its start (decision 0037).
 */
final class DriverControl {
    private final int port;
    private final Path tokenFile;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DriverControl(StackConfig stack) {
        this(stack.ports().sparkControl(), stack.directories().controlToken());
    }

    DriverControl(int port, Path tokenFile) {
        this.port = port;
        this.tokenFile = tokenFile;
    }

    HttpResponse<String> post(String path, Map<String, List<String>> query, Duration timeout)
            throws IOException, InterruptedException {
        return http.send(
                request(path, query)
                        .timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, Map<String, List<String>> query) throws IOException, InterruptedException {
        return get(path, query, Duration.ofSeconds(30));
    }

    HttpResponse<String> get(String path, Map<String, List<String>> query, Duration timeout)
            throws IOException, InterruptedException {
        return http.send(request(path, query).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with the running driver's token (read now: a restarted driver has a new one). */
    private HttpRequest.Builder request(String path, Map<String, List<String>> query) {
        return DriverControlToken.authorize(HttpRequest.newBuilder(uri(path, query)), tokenFile);
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
