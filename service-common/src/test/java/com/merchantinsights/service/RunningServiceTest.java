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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How every service stops: drained first (not ready, still answering), then closed (server first, resources after). */
class RunningServiceTest {
    private final HttpClient http = HttpClient.newHttpClient();

    /** A service as EventsApi and InsightsApi are made: its Javalin app, its drain, what its handlers use. */
    private static final class TestService extends RunningService {
        private final Javalin app;

        TestService(Javalin app, Drain drain, Runnable closeResources) {
            super(app, drain, closeResources);
            this.app = app;
        }

        boolean serverStopped() {
            return app.jettyServer().server().isStopped();
        }
    }

    @Test
    void aDrainedServiceSaysNotReadyAndStillAnswers() throws Exception {
        Drain drain = new Drain();
        try (TestService service = start(drain, () -> {})) {
            assertThat(get(service, "/health/ready").statusCode()).isEqualTo(200);

            service.drain();

            assertThat(get(service, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(service, "/work").body()).isEqualTo("done");
        }
    }

    @Test
    void closeStopsTheServerBeforeItClosesTheResourcesItsHandlersUse() {
        List<Boolean> serverStoppedWhenResourcesClosed = new ArrayList<>();
        TestService[] service = new TestService[1];
        service[0] = start(new Drain(), () -> serverStoppedWhenResourcesClosed.add(service[0].serverStopped()));

        service[0].close();

        assertThat(serverStoppedWhenResourcesClosed).containsExactly(true);
    }

    private TestService start(Drain drain, Runnable closeResources) {
        Javalin app = ServiceApp.create(
                "test",
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                drain.readiness(() -> true),
                routes -> routes.get("/work", ctx -> ctx.result("done")));
        app.start();
        return new TestService(app, drain, closeResources);
    }

    private HttpResponse<String> get(RunningService service, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
