package com.merchantinsights.sparklocal;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.etl.EtlSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlRoutesTest {
    private final FakeDriver driver = new FakeDriver();
    private final ControlRoutes routes = new ControlRoutes(driver);

    @Test
    void isNotReadyUntilTheStreamingQueryIsActive() {
        assertThat(routes.handle("GET", "/ready")).isEqualTo(new ControlRoutes.Response(503, "{\"ready\":false}"));

        driver.ready = true;

        assertThat(routes.handle("GET", "/ready")).isEqualTo(new ControlRoutes.Response(200, "{\"ready\":true}"));
    }

    @Test
    void runsOneEtlOnPostAndAnswersItsSummary() {
        driver.summary = new EtlSummary(7, 3, 5, 6, 1495, 900, 500);

        assertThat(routes.handle("POST", "/etl")).isEqualTo(new ControlRoutes.Response(200,
                "{\"run_id\":7,\"hours_rebuilt\":3,\"events_read\":5,\"rows_written\":6,\"duration_ms\":1495,\"stage_ms\":900,\"warehouse_ms\":500}"));
        assertThat(driver.etlRuns).isEqualTo(1);
    }

    @Test
    void answers503WhileTheDriverCannotRunAnEtlAnd500WhenTheRunFails() {
        driver.failure = new IllegalStateException("the driver is still starting");
        assertThat(routes.handle("POST", "/etl").status()).isEqualTo(503);

        driver.failure = new java.sql.SQLException("connection refused");
        ControlRoutes.Response failed = routes.handle("POST", "/etl");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).contains("connection refused");
    }

    @Test
    void servesStatusAsJsonAndRefusesOtherMethodsAndPaths() {
        driver.status.put("batch_id", 4L);
        driver.status.put("query_last_failure", "line\n\"quoted\"");

        assertThat(routes.handle("GET", "/status").body())
                .isEqualTo("{\"batch_id\":4,\"query_last_failure\":\"line\\n\\\"quoted\\\"\"}");
        assertThat(routes.handle("GET", "/etl").status()).isEqualTo(405);
        assertThat(routes.handle("POST", "/ready").status()).isEqualTo(405);
        assertThat(routes.handle("GET", "/nothing").status()).isEqualTo(404);
        assertThat(driver.etlRuns).isZero();
    }

    @Test
    void servesMetricsAsPrometheusText() {
        ControlRoutes.Response metrics = routes.handle("GET", "/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).isEqualTo("insights_stream_batches_total 3.0\n");
        assertThat(routes.handle("POST", "/metrics").status()).isEqualTo(405);
    }

    private static final class FakeDriver implements ControlRoutes.Driver {
        boolean ready;
        EtlSummary summary;
        Exception failure;
        int etlRuns;
        final Map<String, Object> status = new LinkedHashMap<>();

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public EtlSummary runEtl() throws Exception {
            if (failure != null) {
                throw failure;
            }
            etlRuns++;
            return summary;
        }

        @Override
        public Map<String, Object> status() {
            return status;
        }

        @Override
        public String metrics() {
            return "insights_stream_batches_total 3.0\n";
        }
    }
}
