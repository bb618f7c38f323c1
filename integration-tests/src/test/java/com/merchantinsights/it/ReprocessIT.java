package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.it.InProcessCli.CliRun;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reprocessing on the real system (decision 0016), through the operator's commands: a logic bug in the live cube (every
 * figure of one merchant doubled) is rebuilt from the raw events; the diff names exactly what changes; nothing of
 * the new version is visible before the switch; the insights API, queried all along, answers every request with
 * one whole version; a rollback brings the previous version back; a killed rebuild leaves the live cube alone; a
 * zone and week-start change rebuilds a merchant's history in its new calendar.
 */
@ExtendWith(SharedSystem.class)
class ReprocessIT {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String MERCHANT = "m_it_rp_" + SUFFIX;
    private static final String NEIGHBOUR = "m_it_rpn_" + SUFFIX;
    private static final String MOVER = "m_it_rpz_" + SUFFIX;
    private static final String REDERIVED = "m_it_rpr_" + SUFFIX;
    private static final LocalDate DAY1 = LocalDate.now(KOLKATA).minusDays(5);
    private static final LocalDate DAY2 = DAY1.plusDays(1);
    /** Orders on day 1, orders on day 2, refunds on day 1: what the merchant's accountant counted. */
    private static final List<Long> TRUE_FIGURES = List.of(3L, 2L, 1L);

    private static final List<Long> BUGGY_FIGURES = List.of(6L, 4L, 2L);

    @BeforeAll
    static void loadKnownEvents() {
        LocalSystem system = SharedSystem.system();
        GatewayClient platform = system.platformClient();
        for (String merchant : List.of(MERCHANT, NEIGHBOUR)) {
            assertThat(platform.putMerchant(
                                    merchant,
                                    "{\"display_name\":\"Chai\",\"time_zone\":\"Asia/Kolkata\","
                                            + "\"week_start\":\"MONDAY\",\"reporting_currency\":\"INR\"}")
                            .status())
                    .isIn(200, 201);
        }
        assertThat(platform.putMerchant(
                                MOVER,
                                "{\"display_name\":\"Mover\",\"time_zone\":\"UTC\","
                                        + "\"week_start\":\"MONDAY\",\"reporting_currency\":\"INR\"}")
                        .status())
                .isIn(200, 201);
        List<String> events = new ArrayList<>();
        events.add(event(MERCHANT, "o-1", "order.completed", at(DAY1, "00:10"), 1000L));
        events.add(event(MERCHANT, "o-2", "order.completed", at(DAY1, "12:00"), 2000L));
        events.add(event(MERCHANT, "o-3", "order.completed", at(DAY1, "23:50"), 3000L));
        events.add(event(MERCHANT, "r-1", "order.refunded", at(DAY1, "18:00"), 500L));
        events.add(event(MERCHANT, "o-4", "order.completed", at(DAY2, "09:00"), 4000L));
        events.add(event(MERCHANT, "o-5", "order.completed", at(DAY2, "21:00"), 5000L));
        events.add(event(NEIGHBOUR, "o-1", "order.completed", at(DAY1, "12:00"), 7000L));
        for (String id : List.of("o-1", "o-2", "o-3")) {
            events.add(event(REDERIVED, id, "order.completed", at(DAY1, "10:4" + id.substring(2)), 100L));
        }
        // 20:00 UTC on day 1 is 01:30 on day 2 in Kolkata: the zone change moves it to the next day.
        events.add(event(MOVER, "o-1", "order.completed", DAY1.atTime(10, 0).atZone(ZoneOffset.UTC), 100L));
        events.add(event(MOVER, "o-2", "order.completed", DAY1.atTime(20, 0).atZone(ZoneOffset.UTC), 100L));
        assertThat(platform.postEvents(events.stream().collect(Collectors.joining(",", "{\"events\":[", "]}")))
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    system.spark().runEtlNow();
                    assertThat(figures(MERCHANT)).isEqualTo(TRUE_FIGURES);
                    assertThat(orders(MOVER, DAY1, DAY2)).containsExactly(2L, 0L);
                    assertThat(orders(REDERIVED, DAY1, DAY1)).containsExactly(3L);
                });
    }

    @Test
    void aRebuildShowsItsDiffThenSwitchesAndRollsBackWithoutAnyAnswerMixingVersions() throws Exception {
        long neighbourBefore = orders(NEIGHBOUR, DAY1, DAY2).get(0);
        injectDoubleCountingBug(MERCHANT);
        assertThat(figures(MERCHANT)).isEqualTo(BUGGY_FIGURES);

        AnswerWatcher watcher = new AnswerWatcher();
        try {
            // No terminal and no --yes: built, diff shown, not switched (exit 2).
            CliRun built = cli(
                    "reprocess",
                    "--from",
                    dayStart(DAY1),
                    "--to",
                    dayStart(DAY2.plusDays(1)),
                    "--merchant",
                    MERCHANT,
                    "--json");
            assertThat(built.exitCode()).as(built.err()).isEqualTo(2);
            JsonNode diff = built.json();
            assertThat(diff.path("merchants_compared").asInt()).isEqualTo(1);
            assertThat(diff.path("merchants_changed").asInt()).isEqualTo(1);
            JsonNode orders = change(diff, "orders", null);
            assertThat(orders.path("before").asLong()).isEqualTo(10);
            assertThat(orders.path("after").asLong()).isEqualTo(5);
            assertThat(orders.path("relative_change").asDouble()).isEqualTo(-0.5);
            assertThat(change(diff, "revenue", "INR").path("after").asLong()).isEqualTo(15_000);
            assertThat(diff.toString()).doesNotContain(NEIGHBOUR);
            long runId = latestRun().path("run_id").asLong();
            assertThat(latestRun().path("state").asText()).isEqualTo("built");
            // Nothing of the new version is visible before the switch.
            assertThat(figures(MERCHANT)).isEqualTo(BUGGY_FIGURES);

            CliRun switched = cli("reprocess", "switch", "--run", String.valueOf(runId), "--keep", "P1D");
            assertThat(switched.exitCode()).as(switched.err()).isZero();
            assertThat(figures(MERCHANT)).isEqualTo(TRUE_FIGURES);
            assertThat(orders(NEIGHBOUR, DAY1, DAY2).get(0)).isEqualTo(neighbourBefore);

            CliRun rolledBack = cli("rollback", "--run", String.valueOf(runId));
            assertThat(rolledBack.exitCode()).as(rolledBack.err()).isZero();
            assertThat(figures(MERCHANT)).isEqualTo(BUGGY_FIGURES);
            assertThat(cli("rollback", "--run", String.valueOf(runId)).exitCode())
                    .as("a second rollback")
                    .isEqualTo(1);

            JsonNode runs = cli("runs", "--json", "--limit", "5").json().path("runs");
            assertThat(runs.path(0).path("kind").asText()).isEqualTo("rollback");
            assertThat(runs.path(0).path("rolls_back").asLong()).isEqualTo(runId);
            JsonNode run = runs.path(1);
            assertThat(run.path("run_id").asLong()).isEqualTo(runId);
            assertThat(run.path("state").asText()).isEqualTo("rolled_back");
            assertThat(run.path("requested_by").asText())
                    .as("who asked is the admin key the CLI used, never a parameter")
                    .matches("key_[a-z0-9]{12} \\(local admin key \\(secrets/admin.key\\)\\)");
            assertThat(run.path("events_read").asLong()).isEqualTo(6);
            assertThat(run.path("rows_written").asLong()).isPositive();
            assertThat(run.path("diff_summary").path("merchants_changed").asInt())
                    .isEqualTo(1);
            assertThat(run.path("merchants").path(0).asText()).isEqualTo(MERCHANT);
        } finally {
            watcher.stop();
        }
        assertThat(watcher.failures)
                .as("answers that failed during the rebuild and switches")
                .isEmpty();
        // Each state is asserted above where the test creates it; the watcher only looks for answers mixing versions
        // (it cannot be relied on to poll inside a switch that takes milliseconds).
        assertThat(watcher.seen)
                .as("every answer is one whole version")
                .isSubsetOf(Set.of(TRUE_FIGURES, BUGGY_FIGURES));
        assertThat(watcher.answers()).isGreaterThan(10);

        CliRun fixed = cli(
                "reprocess",
                "--from",
                dayStart(DAY1),
                "--to",
                dayStart(DAY2.plusDays(1)),
                "--merchant",
                MERCHANT,
                "--yes");
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(fixed.out()).contains("orders").contains(MERCHANT);
        assertThat(figures(MERCHANT)).isEqualTo(TRUE_FIGURES);
    }

    @Test
    void aRebuildKilledWithItsDriverLeavesTheLiveCubeAloneAndTheNextRunStartsCleanly() throws Exception {
        LocalSystem system = SharedSystem.system();
        String before = liveChecksum(NEIGHBOUR);
        // The build starts (the driver's own 202 with its run id, relayed by the operations service) and runs on.
        AdminApi.Answer started = AdminApi.send(
                "POST",
                "/v1/admin/reprocess?from=" + dayStart(DAY1) + "&to=" + dayStart(DAY2.plusDays(1)),
                Duration.ofMinutes(1));
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        long runId = started.body().path("run_id").asLong();

        system.spark().kill();
        system.spark().restart();

        try (Connection c = warehouse();
                Statement s = c.createStatement()) {
            ResultSet run = s.executeQuery("SELECT state FROM reprocess_runs WHERE run_id = " + runId);
            assertThat(run.next()).isTrue();
            assertThat(run.getString(1)).isEqualTo("abandoned");
            ResultSet schema = s.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name = "
                    + "'reprocess_" + runId + "'");
            schema.next();
            assertThat(schema.getInt(1)).as("the abandoned run's schema").isZero();
        }
        assertThat(liveChecksum(NEIGHBOUR)).isEqualTo(before);

        CliRun next = cli(
                "reprocess",
                "--from",
                dayStart(DAY1),
                "--to",
                dayStart(DAY2.plusDays(1)),
                "--merchant",
                NEIGHBOUR,
                "--yes");
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(liveChecksum(NEIGHBOUR)).isEqualTo(before);
    }

    @Test
    void aZoneAndWeekStartChangeRebuildsTheMerchantsHistoryInTheNewCalendar() throws Exception {
        GatewayClient platform = SharedSystem.system().platformClient();
        assertThat(platform.putMerchant(
                                MOVER,
                                "{\"display_name\":\"Mover\",\"time_zone\":\"Asia/Kolkata\","
                                        + "\"week_start\":\"SUNDAY\",\"reporting_currency\":\"INR\"}")
                        .status())
                .isEqualTo(200);

        CliRun rebuilt = cli("reprocess", "--calendar", "--merchant", MOVER, "--yes");
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();

        assertThat(orders(MOVER, DAY1, DAY2)).containsExactly(1L, 1L);
        JsonNode hours = platform.get("/v1/insights/timeseries?metric=orders&granularity=hour&from=" + DAY2 + "&to="
                        + DAY2 + "&merchant_id=" + MOVER)
                .body();
        assertThat(hours.path("series")
                        .path(0)
                        .path("points")
                        .path(1)
                        .path("value")
                        .asLong())
                .as("01:00–02:00 in Kolkata")
                .isEqualTo(1);
        JsonNode weeks = platform.get("/v1/insights/timeseries?metric=orders&granularity=week&from=" + DAY1.minusDays(7)
                        + "&to=" + DAY2 + "&merchant_id=" + MOVER)
                .body();
        for (JsonNode point : weeks.path("series").path(0).path("points")) {
            assertThat(LocalDate.parse(point.path("start").asText().substring(0, 10))
                            .getDayOfWeek())
                    .isEqualTo(java.time.DayOfWeek.SUNDAY);
        }
        try (Connection c = warehouse();
                PreparedStatement p = c.prepareStatement(
                        "SELECT count(*) FROM cube_week WHERE merchant_id = ? AND week_start <> 'SUNDAY'")) {
            p.setString(1, MOVER);
            ResultSet rs = p.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).as("week rows of the previous week start").isZero();
        }
    }

    @Test
    void aRunBuiltFromAReDerivedRawVersionMakesItLiveWithItsCubesAndTheRollbackTakesBothBack() throws Exception {
        // The new logic (simulated: one row taken out of the version) rejects one of the three orders.
        CliRun rederived = cli("rederive", "--from", dayStart(DAY1), "--to", dayStart(DAY2), "--merchant", REDERIVED);
        assertThat(rederived.exitCode()).as(rederived.err()).isZero();
        String version = rederived.json().path("raw_version").asText();
        Instant hour = at(DAY1, "10:42").toInstant().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        try (CqlSession cassandra = SharedPipeline.cassandra()) {
            assertThat(versionIds(cassandra, version, hour)).hasSize(3);
            for (int shard : RawEventLayout.allShards()) {
                cassandra.execute(
                        "DELETE FROM raw_event_versions WHERE raw_version = ? AND event_hour = ? AND shard = ?"
                                + " AND merchant_id = ? AND event_id = ?",
                        version,
                        hour,
                        shard,
                        REDERIVED,
                        REDERIVED + "-o-2");
            }
        }

        CliRun switched = cli(
                "reprocess",
                "--from",
                dayStart(DAY1),
                "--to",
                dayStart(DAY2),
                "--merchant",
                REDERIVED,
                "--raw-version",
                version,
                "--yes",
                "--json");
        assertThat(switched.exitCode()).as(switched.err()).isZero();
        assertThat(switched.out()).contains("\"orders\"");
        assertThat(orders(REDERIVED, DAY1, DAY1)).containsExactly(2L);
        long runId = latestRun().path("run_id").asLong();
        assertThat(latestRun().path("raw_promoted_at").isNull()).isFalse();
        try (CqlSession cassandra = SharedPipeline.cassandra()) {
            assertThat(SharedPipeline.storedIds(cassandra, REDERIVED, hour))
                    .containsExactlyInAnyOrder(REDERIVED + "-o-1", REDERIVED + "-o-3");
            assertThat(versionIds(cassandra, "before-run-" + runId, hour)).hasSize(3);
        }

        CliRun rolledBack = cli("rollback", "--run", String.valueOf(runId));
        assertThat(rolledBack.exitCode()).as(rolledBack.err()).isZero();
        assertThat(orders(REDERIVED, DAY1, DAY1)).containsExactly(3L);
        try (CqlSession cassandra = SharedPipeline.cassandra()) {
            assertThat(SharedPipeline.storedIds(cassandra, REDERIVED, hour)).hasSize(3);
        }
    }

    /** The event ids of a raw version's rows of the merchant in the hour, from every shard. */
    private static List<String> versionIds(CqlSession cassandra, String version, Instant hour) {
        List<String> ids = new ArrayList<>();
        for (int shard : RawEventLayout.allShards()) {
            cassandra
                    .execute(
                            "SELECT event_id FROM raw_event_versions WHERE raw_version = ? AND event_hour = ?"
                                    + " AND shard = ? AND merchant_id = ?",
                            version,
                            hour,
                            shard,
                            REDERIVED)
                    .forEach(row -> ids.add(row.getString(0)));
        }
        return ids;
    }

    /** Queries the insights API every 100 ms until stopped and records what each answer said. */
    private static final class AnswerWatcher {
        final Set<List<Long>> seen = ConcurrentHashMap.newKeySet();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        private final java.util.concurrent.atomic.AtomicInteger answers =
                new java.util.concurrent.atomic.AtomicInteger();

        AnswerWatcher() {
            executor.scheduleWithFixedDelay(
                    () -> {
                        try {
                            seen.add(figures(MERCHANT));
                            answers.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e.toString());
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
        }

        int answers() {
            return answers.get();
        }

        void stop() throws InterruptedException {
            executor.shutdown();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Orders on day 1 and day 2 and refunds on day 1, from one answer of the insights API. */
    private static List<Long> figures(String merchant) {
        GatewayClient.Answer answer = SharedSystem.system()
                .platformClient()
                .get("/v1/insights/timeseries?metric=orders," + "refunds&granularity=day&from=" + DAY1 + "&to=" + DAY2
                        + "&merchant_id=" + merchant);
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
        JsonNode series = answer.body().path("series");
        return List.of(
                series.path(0).path("points").path(0).path("value").asLong(),
                series.path(0).path("points").path(1).path("value").asLong(),
                series.path(1).path("points").path(0).path("value").asLong());
    }

    private static List<Long> orders(String merchant, LocalDate from, LocalDate to) {
        GatewayClient.Answer answer = SharedSystem.system().platformClient().timeseries(merchant, "orders", from, to);
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
        List<Long> values = new ArrayList<>();
        answer.body()
                .path("series")
                .path(0)
                .path("points")
                .forEach(p -> values.add(p.path("value").asLong()));
        return values;
    }

    /** A processing bug that reached the cube: every count and amount of the merchant doubled, in every grain. */
    private static void injectDoubleCountingBug(String merchant) throws Exception {
        try (Connection c = warehouse()) {
            for (String table : List.of("cube_quarter_hour", "cube_hour", "cube_day", "cube_week", "cube_month")) {
                try (PreparedStatement p = c.prepareStatement("UPDATE " + table + " SET event_count = event_count * 2,"
                        + " amount_sum = amount_sum * 2 WHERE merchant_id = ?")) {
                    p.setString(1, merchant);
                    assertThat(p.executeUpdate()).as(table).isPositive();
                }
            }
        }
    }

    private static String liveChecksum(String merchant) throws Exception {
        StringBuilder sum = new StringBuilder();
        try (Connection c = warehouse()) {
            for (String table : List.of("cube_quarter_hour", "cube_hour", "cube_day", "cube_week", "cube_month")) {
                try (PreparedStatement p = c.prepareStatement("SELECT count(*), coalesce(sum(event_count), 0),"
                        + " coalesce(sum(amount_sum), 0) FROM " + table + " WHERE merchant_id = ?")) {
                    p.setString(1, merchant);
                    ResultSet rs = p.executeQuery();
                    rs.next();
                    sum.append(table)
                            .append('=')
                            .append(rs.getLong(1))
                            .append('/')
                            .append(rs.getLong(2))
                            .append('/')
                            .append(rs.getLong(3))
                            .append(' ');
                }
            }
        }
        return sum.toString();
    }

    private static JsonNode latestRun() throws Exception {
        return cli("runs", "--json", "--limit", "1").json().path("runs").path(0);
    }

    private static JsonNode change(JsonNode diff, String metric, String currency) {
        for (JsonNode c : diff.path("changes")) {
            if (c.path("metric").asText().equals(metric)
                    && (currency == null
                            ? c.path("currency").isNull()
                            : currency.equals(c.path("currency").asText()))) {
                return c;
            }
        }
        throw new AssertionError("no change of " + metric + " " + currency + " in " + diff);
    }

    /** Runs a command of bin/insights in this JVM against the shared stack, capturing what it prints. */
    private static CliRun cli(String... arguments) {
        return InProcessCli.sharedSystem().run(arguments);
    }

    private static Connection warehouse() throws Exception {
        var engines = SharedSystem.system().engines();
        return DriverManager.getConnection(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
    }

    private static ZonedDateTime at(LocalDate day, String time) {
        return ZonedDateTime.of(day, LocalTime.parse(time), KOLKATA);
    }

    private static String dayStart(LocalDate day) {
        return day.atStartOfDay(KOLKATA).toInstant().toString();
    }

    private static String event(String merchant, String id, String type, ZonedDateTime at, long amount) {
        return "{\"event_id\":\"" + merchant + "-" + id + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"" + type
                + "\",\"occurred_at\":\"" + at.toOffsetDateTime() + "\",\"amount\":" + amount
                + ",\"currency\":\"INR\",\"customer_id\":\"c-1\"}";
    }
}
