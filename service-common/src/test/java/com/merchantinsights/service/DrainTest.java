package com.merchantinsights.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A draining service says "not ready" but still answers: routing moves away before its port closes. */
class DrainTest {

    @Test
    void aDrainingServiceIsNotReadyButStillAnswers() throws Exception {
        Drain drain = new Drain();
        Javalin app = ServiceApp.create(
                "test",
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                drain.readiness(() -> true),
                routes -> routes.get("/work", ctx -> ctx.result("done")));
        app.start();
        try {
            assertThat(get(app, "/health/ready").statusCode()).isEqualTo(200);
            drain.begin();
            assertThat(get(app, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(app, "/work").body()).isEqualTo("done");
        } finally {
            app.stop();
        }
    }

    private static HttpResponse<String> get(Javalin app, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
