package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.stream.StreamCounters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheStreamsMetricsAndNothingElse() throws Exception {
        StreamCounters counters = new StreamCounters();
        StreamMetrics metrics = new StreamMetrics(counters, () -> null, () -> 0);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, metrics::scrape)) {
            HttpResponse<String> scrape = get(endpoint, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValue(ControlRoutes.PROMETHEUS_TEXT);
            assertThat(scrape.body()).contains("insights_stream_consumer_lag_records", "insights_stream_batches_total");

            assertThat(get(endpoint, "/status").statusCode())
                    .as("no control route here")
                    .isEqualTo(404);
            assertThat(get(endpoint, "/etl").statusCode()).isEqualTo(404);
            assertThat(http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                                            .POST(HttpRequest.BodyPublishers.noBody())
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(405);
        }
    }

    private HttpResponse<String> get(MetricsEndpoint endpoint, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
