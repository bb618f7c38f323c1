package com.merchantinsights.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A saturated service answers 503 overloaded with a Retry-After, never a hang, and its probes still answer. */
class OverloadTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private Javalin app;

    @BeforeEach
    void start() {
        app = ServiceApp.create(
                "test",
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                // one at a time, one waiting, for at most 300 ms
                new OverloadHandler.Limits(1, 1, Duration.ofMillis(300)),
                routes -> {
                    routes.get("/slow", ctx -> {
                        entered.countDown();
                        release.await(30, TimeUnit.SECONDS);
                        ctx.result("done");
                    });
                    routes.get("/warehouse-down", ctx -> {
                        throw new SQLTransientConnectionException("pool wait over");
                    });
                    routes.get("/statement-timeout", ctx -> {
                        throw new SQLException("canceling statement due to statement timeout", "57014");
                    });
                    routes.get("/bad-sql", ctx -> {
                        throw new SQLException("syntax error", "42601");
                    });
                });
        app.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        app.stop();
    }

    @Test
    void pastItsConcurrencyAndQueueAServiceAnswers503OverloadedWithRetryAfterAndStaysReady() throws Exception {
        CompletableFuture<HttpResponse<String>> running = send("/slow");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<String>> queued = send("/slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("http_server_requests_queued") == 1);

        HttpResponse<String> refused = send("/slow").get(10, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Json.mapper().readTree(refused.body()).path("code").asText()).isEqualTo("overloaded");
        // the queue is full: one second plus the longest wait, rounded up
        assertThat(refused.headers().firstValue("Retry-After")).contains("2");
        assertThat(send("/health/ready").get(10, TimeUnit.SECONDS).statusCode())
                .as("probes are never queued")
                .isEqualTo(200);

        HttpResponse<String> expired = queued.get(10, TimeUnit.SECONDS);
        assertThat(expired.statusCode()).as("waited its longest").isEqualTo(503);
        assertThat(Json.mapper().readTree(expired.body()).path("code").asText()).isEqualTo("overloaded");
        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
    }

    @Test
    void aWarehouseThatIsDownOrTooSlowIsA503WithRetryAfterAndAnyOtherSqlFailureA500() throws Exception {
        for (String path : new String[] {"/warehouse-down", "/statement-timeout"}) {
            HttpResponse<String> answer = send(path).get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(path).isEqualTo(503);
            assertThat(Json.mapper().readTree(answer.body()).path("code").asText())
                    .isEqualTo("warehouse_unavailable");
            assertThat(answer.headers().firstValue("Retry-After")).contains("5");
        }
        HttpResponse<String> ours = send("/bad-sql").get(10, TimeUnit.SECONDS);
        assertThat(ours.statusCode()).isEqualTo(500);
        assertThat(ours.headers().firstValue("Retry-After")).isEmpty();
    }

    private CompletableFuture<HttpResponse<String>> send(String path) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double metric(String name) throws Exception {
        return send("/metrics")
                .get(10, TimeUnit.SECONDS)
                .body()
                .lines()
                .filter(line -> line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }
}
