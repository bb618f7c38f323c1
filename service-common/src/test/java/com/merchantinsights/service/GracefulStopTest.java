package com.merchantinsights.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.slf4j.LoggerFactory;

/** A service that is told to stop still answers the requests it already took. */
class GracefulStopTest {

    @Test
    void aStopThatRunsOutOfGraceStopsAnywayAndLogsOneLineNamingTheRequestsStillRunning() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Javalin app = ServiceApp.create(
                "slow-service",
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                routes -> routes.get("/slow", ctx -> {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException cutOff) {
                        Thread.currentThread().interrupt(); // the stop ended it
                    }
                    ctx.result("late");
                }));
        app.start();
        app.jettyServer().server().setStopTimeout(300); // the grace, shortened for the test
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ServiceApp.class);
        logger.addAppender(log);
        try {
            HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/slow"))
                                    .header(RequestIds.HEADER, "req-stuck")
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            ServiceApp.stop(app); // returns, no exception

            assertThat(app.jettyServer().server().isStopped()).isTrue();
            assertThat(log.list)
                    .filteredOn(line -> line.getLevel() == Level.WARN)
                    .singleElement()
                    .satisfies(line -> {
                        assertThat(line.getFormattedMessage())
                                .isEqualTo("slow-service: graceful stop timed out after 300 ms; still running: "
                                        + "1 request(s) [GET /slow (request_id req-stuck)]");
                        assertThat(line.getThrowableProxy()).isNull();
                    });
        } finally {
            release.countDown();
            logger.detachAppender(log);
        }
    }

    @Test
    void aStopWithNothingInFlightLogsNothing() {
        Javalin app = ServiceApp.create(
                "idle-service",
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                routes -> routes.get("/fast", ctx -> ctx.result("ok")));
        app.start();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ServiceApp.class);
        logger.addAppender(log);
        try {
            ServiceApp.stop(app);
        } finally {
            logger.detachAppender(log);
        }
        assertThat(app.jettyServer().server().isStopped()).isTrue();
        assertThat(log.list).isEmpty();
    }

    @Test
    void aRequestInFlightIsAnsweredWhileTheServiceStops() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Javalin app = ServiceApp.create(
                "test",
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                routes -> routes.get("/slow", ctx -> {
                    entered.countDown();
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                    ctx.result("done");
                }));
        app.start();
        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/slow"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
        // Let the handler finish only once the server is already stopping: the answer must still arrive.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> app.jettyServer().server().isStopping());
        release.countDown();

        HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("done");
        stopping.get(30, TimeUnit.SECONDS);
    }
}
