package com.merchantinsights.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A service that is told to stop still answers the requests it already took. */
class GracefulStopTest {

    @Test
    void aRequestInFlightIsAnsweredWhileTheServiceStops() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Javalin app = ServiceApp.create("test", "127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true, routes -> routes.get("/slow", ctx -> {
                    entered.countDown();
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                    ctx.result("done");
                }));
        app.start();
        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/slow")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
        // Let the handler finish only once the server is already stopping: the answer must still arrive.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> app.jettyServer().server().isStopping());
        release.countDown();

        HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("done");
        stopping.get(30, TimeUnit.SECONDS);
    }
}
