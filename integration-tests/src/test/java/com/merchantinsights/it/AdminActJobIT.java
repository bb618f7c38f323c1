package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.etl.operations.OperationLog;
import com.merchantinsights.etl.reprocess.ReprocessRun;
import com.merchantinsights.etl.reprocess.ReprocessRuns;
import com.merchantinsights.service.Json;
import com.merchantinsights.stack.SparkDriverProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator's act as a cluster runs it (decision 0052): the operations service logs the operation and creates a
 * one-off SparkApplication running AdminActJob with the chart's engine options and the act's arguments. Here the
 * stack starts that job's JVM itself, against the real engines, beside the running driver: a reprocess build of a
 * merchant whose cube a bug doubled is built by Spark, and the operation's row ends with the built run and its diff.
 */
@ExtendWith(SharedSystem.class)
class AdminActJobIT {
    private static final String MERCHANT =
            "m_it_act_" + UUID.randomUUID().toString().substring(0, 8);
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(3);

    @Test
    void aReprocessBuildRunsInItsOwnSparkJobAndItsOperationEndsWithTheBuiltRun() throws Exception {
        LocalSystem system = SharedSystem.system();
        assertThat(system.platformClient()
                        .putMerchant(
                                MERCHANT,
                                "{\"display_name\":\"Act\",\"time_zone\":\"UTC\",\"week_start\":\"MONDAY\","
                                        + "\"reporting_currency\":\"INR\"}")
                        .status())
                .isIn(200, 201);
        String events = "{\"events\":[" + order("o-1", "10:00", 1000) + "," + order("o-2", "11:30", 2000) + "]}";
        assertThat(system.platformClient().postEvents(events).status()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    system.spark().runEtlNow();
                    assertThat(dayOrders()).isEqualTo(2);
                });
        try (Connection c = warehouse();
                PreparedStatement bug = c.prepareStatement("UPDATE cube_day SET event_count"
                        + " = event_count * 2, amount_sum = amount_sum * 2 WHERE merchant_id = ?")) {
            bug.setString(1, MERCHANT);
            assertThat(bug.executeUpdate()).isPositive();
        }

        String operationId = "op_it_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = warehouse()) {
            new OperationLog(c)
                    .start(
                            operationId,
                            "reprocess.build",
                            "",
                            "key_it (on-call)",
                            OperationLog.SPARK_APPLICATION + "mi-" + operationId,
                            Instant.now());
        }
        String from = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String to = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        int exit = SparkDriverProcess.runAdminAct(
                system.config(),
                system.engines().endpoints(),
                List.of(
                        "--operation-id=" + operationId,
                        "--act=POST /reprocess",
                        "--act-query=from=" + from + "&to=" + to + "&merchant=" + MERCHANT
                                + "&requested_by=key_it%20(on-call)"),
                Duration.ofMinutes(5));

        OperationLog.Operation operation;
        try (Connection c = warehouse()) {
            operation = new OperationLog(c).find(operationId).orElseThrow();
        }
        assertThat(exit).as(String.valueOf(operation)).isZero();
        assertThat(operation.state()).isEqualTo(OperationLog.State.SUCCEEDED);
        assertThat(operation.status()).contains(200);
        JsonNode run = Json.mapper().readTree(operation.result().orElseThrow());
        assertThat(run.path("state").asText()).isEqualTo("built");
        assertThat(run.path("requested_by").asText()).isEqualTo("key_it (on-call)");
        assertThat(run.path("merchants").toString()).contains(MERCHANT);
        assertThat(run.path("diff_summary").path("merchants_changed").asInt())
                .as("the build, from the raw events, undoes the doubled day: " + run.path("diff_summary"))
                .isEqualTo(1);
        try (Connection c = warehouse()) {
            ReprocessRun logged =
                    new ReprocessRuns(c).find(run.path("run_id").asLong()).orElseThrow();
            assertThat(logged.state()).isEqualTo(ReprocessRun.State.BUILT);
        }
        assertThat(dayOrders())
                .as("nothing switched: the live cube is as the bug left it")
                .isEqualTo(4);
    }

    private static long dayOrders() throws Exception {
        try (Connection c = warehouse();
                PreparedStatement p = c.prepareStatement(
                        "SELECT coalesce(sum(event_count),"
                                + " 0) FROM cube_day WHERE merchant_id = ? AND event_type = 'order.completed' AND cuboid = 'all'")) {
            p.setString(1, MERCHANT);
            var rs = p.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String order(String id, String time, long amount) {
        return "{\"event_id\":\"" + MERCHANT + "-" + id + "\",\"merchant_id\":\"" + MERCHANT
                + "\",\"type\":\"order.completed\",\"occurred_at\":\"" + DAY + "T" + time
                + ":00Z\",\"amount\":" + amount + ",\"currency\":\"INR\",\"customer_id\":\"c-1\"}";
    }

    private static Connection warehouse() throws Exception {
        var engines = SharedSystem.system().engines();
        return DriverManager.getConnection(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
    }
}
