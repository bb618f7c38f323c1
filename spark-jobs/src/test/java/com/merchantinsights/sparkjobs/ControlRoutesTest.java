package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.etl.EtlSummary;
import com.merchantinsights.stream.history.ArchiveSummary;
import java.time.Instant;
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
        driver.summary = new EtlSummary(7, 3, 5, 6, 1495, 900, 500, false);

        assertThat(routes.handle("POST", "/etl"))
                .isEqualTo(
                        new ControlRoutes.Response(
                                200,
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

    @Test
    void archivesTheMarkedHoursOrARangeOnPost() {
        ControlRoutes.Response marked = routes.handle("POST", "/archive");
        assertThat(marked.status()).isEqualTo(200);
        assertThat(marked.body())
                .isEqualTo("{\"hours_archived\":[\"2026-11-24T13:00:00Z\"],\"rows_archived\":5,"
                        + "\"hours_pending\":1,\"duration_ms\":12}");
        assertThat(driver.archiveRange).containsExactly(null, null);

        routes.handle(
                "POST", "/archive", QueryParameters.parse("from=2026-11-24T00%3A00%3A00Z&to=2026-11-25T00:00:00Z"));
        assertThat(driver.archiveRange)
                .containsExactly(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-25T00:00:00Z"));
    }

    @Test
    void refusesAnArchiveRangeThatIsHalfGivenBackwardsOrMalformed() {
        assertThat(routes.handle("POST", "/archive", QueryParameters.parse("from=2026-11-24T00:00:00Z"))
                        .status())
                .isEqualTo(400);
        assertThat(routes.handle(
                                "POST",
                                "/archive",
                                QueryParameters.parse("from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z"))
                        .status())
                .isEqualTo(400);
        assertThat(routes.handle("POST", "/archive", QueryParameters.parse("from=yesterday&to=today"))
                        .body())
                .contains("from must be an instant");
        assertThat(routes.handle("GET", "/archive").status()).isEqualTo(405);
    }

    @Test
    void startsAReDerivationAndReportsItsProgress() {
        assertThat(routes.handle("GET", "/rederive").status()).isEqualTo(404);

        ControlRoutes.Response started = routes.handle(
                "POST",
                "/rederive",
                QueryParameters.parse(
                        "from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&merchant=m-2&merchant=m-1&source=archive"));

        assertThat(started.status()).isEqualTo(202);
        assertThat(driver.rederive.merchants()).containsExactlyInAnyOrder("m-1", "m-2");
        assertThat(driver.rederive.source()).isEqualTo(com.merchantinsights.core.layout.RawHistorySource.ARCHIVE);
        assertThat(started.body())
                .contains(
                        "\"state\":\"running\"",
                        "\"hours_total\":24",
                        "\"merchants\":[\"m-1\",\"m-2\"]",
                        "\"source\":\"archive\"");
        assertThat(routes.handle("GET", "/rederive").body()).contains("\"hours_done\":0");
        assertThat(routes.handle(
                                "POST",
                                "/rederive",
                                QueryParameters.parse("from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z"))
                        .status())
                .as("one at a time")
                .isEqualTo(409);
    }

    @Test
    void refusesAReDerivationWithoutARangeOrWithAnUnknownSource() {
        assertThat(routes.handle("POST", "/rederive", QueryParameters.parse("from=2026-11-24T00:00:00Z"))
                        .status())
                .isEqualTo(400);
        assertThat(routes.handle(
                                "POST",
                                "/rederive",
                                QueryParameters.parse("from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&source=kafka"))
                        .status())
                .isEqualTo(400);
        assertThat(routes.handle("DELETE", "/rederive").status()).isEqualTo(405);
    }

    static final class FakeDriver implements ControlRoutes.Driver {
        java.util.List<Instant> archiveRange;
        com.merchantinsights.stream.history.RederiveRequest rederive;
        com.merchantinsights.stream.history.RederiveStatus rederiveStatus;
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

        @Override
        public void startRederive(com.merchantinsights.stream.history.RederiveRequest request) {
            if (rederiveStatus != null) {
                throw new IllegalStateException("a re-derivation is running");
            }
            rederive = request;
            rederiveStatus = new com.merchantinsights.stream.history.RederiveStatus(
                    request.rawVersion(2),
                    2,
                    request,
                    com.merchantinsights.stream.history.RederiveStatus.State.RUNNING,
                    Instant.now(),
                    request.hours().size(),
                    0,
                    0,
                    0,
                    Map.of(),
                    new java.util.TreeSet<>(),
                    null,
                    null);
        }

        @Override
        public com.merchantinsights.stream.history.RederiveStatus rederiveStatus() {
            return rederiveStatus;
        }

        @Override
        public ArchiveSummary archive(Instant from, Instant to) {
            archiveRange = java.util.Arrays.asList(from, to);
            return new ArchiveSummary(java.util.List.of(Instant.parse("2026-11-24T13:00:00Z")), 5, 1, 12);
        }
    }
}
