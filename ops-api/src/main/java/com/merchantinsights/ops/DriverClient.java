package com.merchantinsights.ops;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Spark driver's control port, asked with the token the driver wrote at its start (read at every request: a
 * restarted driver has a new one). The driver's answers are passed on; what it says in error becomes our error body
 * in {@link OpsRoutes}. Without a base (a cluster, where no driver serves a control port: decisions 0051, 0052) every
 * request is unreachable, so the routes still relayed (the stream's status) answer 503 with the reason.
 */
final class DriverClient {
    /** The driver's answer: its status and JSON body. */
    record Answer(int status, String body) {}

    /** The driver could not be asked: not running, or its token not (yet) written. */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final Path tokenFile;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DriverClient(URI base, Path tokenFile) {
        this.base = base;
        this.tokenFile = tokenFile;
    }

    Answer send(String method, String path, String rawQuery, Duration timeout)
            throws Unreachable, InterruptedException {
        if (base == null) {
            throw new Unreachable(
                    "this deployment runs no Spark driver control port: the stream's status is in its metrics"
                            + " (docs/operations.md#metrics), and the Spark acts run as one-off SparkApplications where"
                            + " the service is given their template (decision 0052)",
                    null);
        }
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new Unreachable("the Spark driver is not running (no control token at " + tokenFile + ")", e);
        } catch (IOException e) {
            throw new Unreachable("the Spark driver's control token cannot be read", e);
        }
        URI uri = URI.create(base.toString() + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Unreachable("the Spark driver is not answering on its control port", e);
        } catch (IOException e) {
            throw new Unreachable("the Spark driver's answer was cut off: " + e.getMessage(), e);
        }
    }
}
