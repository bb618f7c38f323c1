package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.keys.KeyAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The insights API through the gateway on the real system (decision 0015): one Kolkata merchant's known events, and the
 * answers an accountant would check — per day and per local hour, in another zone, grouped, filtered, broken down,
 * summarised against the previous period; every bad parameter with its code and field; another merchant's key
 * refused; a warehouse too slow to answer is a prompt 503 (stopped altogether: insights-api's WarehouseBoundsTest).
 */
@ExtendWith(SharedSystem.class)
class InsightsApiIT {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final String MERCHANT =
            "m_it_ins_" + UUID.randomUUID().toString().substring(0, 8);
    private static final LocalDate DAY = LocalDate.now(KOLKATA).minusDays(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String readKey;
    private static String otherReadKey;

    @BeforeAll
    static void loadKnownEvents() {
        LocalSystem system = SharedSystem.system();
        GatewayClient platform = system.platformClient();
        assertThat(platform.putMerchant(
                                MERCHANT,
                                "{\"display_name\":\"Chai\",\"time_zone\":\"Asia/Kolkata\","
                                        + "\"week_start\":\"MONDAY\",\"reporting_currency\":\"INR\"}")
                        .status())
                .isIn(200, 201);
        List<String> events = new ArrayList<>();
        events.add(event("o-prev", "order.completed", DAY.minusDays(1), "12:00", 20000L, "INR", "c3", null, "web"));
        events.add(event("o-4", "order.completed", DAY, "02:00", 3000L, "INR", null, null, "web"));
        events.add(event("o-1", "order.completed", DAY, "10:15", 50000L, "INR", "c1", null, "web"));
        events.add(event("o-2", "order.completed", DAY, "10:45", 25000L, "INR", "c2", null, "app"));
        events.add(event("o-3", "order.completed", DAY, "23:50", 1000L, "USD", "c1", null, "web"));
        events.add(event("r-1", "order.refunded", DAY, "12:00", 5000L, "INR", "c1", null, null));
        events.add(event("p-1", "page.viewed", DAY, "09:00", null, null, "c1", null, "web"));
        events.add(event("p-2", "page.viewed", DAY, "09:10", null, null, null, "a1", "web"));
        events.add(event("p-3", "page.viewed", DAY, "09:20", null, null, null, "a2", "app"));
        events.add(event("p-4", "page.viewed", DAY, "09:30", null, null, "c2", null, null));
        assertThat(platform.postEvents(events.stream().collect(Collectors.joining(",", "{\"events\":[", "]}")))
                        .status())
                .isEqualTo(202);
        var engines = system.engines();
        KeyAdmin admin = KeyAdmin.forWarehouse(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
        readKey = admin.create(Scope.MERCHANT_READ, Optional.of(new MerchantId(MERCHANT)), "InsightsApiIT")
                .secret();
        otherReadKey = admin.create(Scope.MERCHANT_READ, Optional.of(new MerchantId(MERCHANT + "_x")), "InsightsApiIT")
                .secret();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    system.spark().runEtlNow();
                    assertThat(get(
                                            readKey,
                                            "/v1/insights/timeseries?metric=orders&from=" + DAY.minusDays(1) + "&to="
                                                    + DAY)
                                    .path("series")
                                    .path(0)
                                    .path("points")
                                    .path(1)
                                    .path("value")
                                    .asLong())
                            .isEqualTo(4);
                });
    }

    @Test
    void dailyValuesInTheMerchantsCalendarWithZerosAndMoneyPerCurrency() throws Exception {
        JsonNode answer = get(
                readKey,
                "/v1/insights/timeseries?metric=orders,revenue&from=" + DAY.minusDays(1) + "&to=" + DAY.plusDays(1));
        assertThat(answer.path("time_zone").asText()).isEqualTo("Asia/Kolkata");
        JsonNode orders = answer.path("series").path(0);
        assertThat(orders.path("points").findValuesAsText("start"))
                .containsExactly(
                        DAY.minusDays(1).toString(),
                        DAY.toString(),
                        DAY.plusDays(1).toString());
        assertThat(orders.path("points").findValues("value"))
                .extracting(JsonNode::asLong)
                .containsExactly(1L, 4L, 0L);
        JsonNode revenue = answer.path("series").path(1);
        assertThat(revenue.path("unit").asText()).isEqualTo("money");
        assertThat(revenue.path("points").path(1).path("value").path("INR").asLong())
                .isEqualTo(78000);
        assertThat(revenue.path("points").path(1).path("value").path("USD").asLong())
                .isEqualTo(1000);
        assertThat(revenue.path("points").path(2).path("value").size()).isZero();
        assertThat(answer.path("freshness").path("complete_through").asText()).endsWith("+05:30");
    }

    @Test
    void localHoursStartAtHalfPastTheUtcHourAndAnotherZoneMovesEventsToItsOwnDays() throws Exception {
        JsonNode hours = get(
                        readKey, "/v1/insights/timeseries?metric=orders&granularity=hour&from=" + DAY + "&to=" + DAY)
                .path("series")
                .path(0)
                .path("points");
        assertThat(hours.size()).isEqualTo(24);
        assertThat(hours.path(10).path("start").asText()).isEqualTo(DAY + "T10:00+05:30");
        assertThat(hours.path(10).path("value").asLong()).isEqualTo(2);
        assertThat(hours.path(2).path("value").asLong()).isEqualTo(1);
        assertThat(hours.path(23).path("value").asLong()).isEqualTo(1);

        // 02:00 in Kolkata is 20:30 UTC the day before: in UTC, o-4 belongs to the previous day.
        JsonNode utc = get(
                readKey, "/v1/insights/timeseries?metric=orders&time_zone=UTC&from=" + DAY.minusDays(1) + "&to=" + DAY);
        assertThat(utc.path("time_zone").asText()).isEqualTo("UTC");
        assertThat(utc.path("series").path(0).path("points").findValues("value"))
                .extracting(JsonNode::asLong)
                .containsExactly(2L, 3L);
        JsonNode months = get(
                readKey,
                "/v1/insights/timeseries?metric=orders&granularity=month&from=" + DAY.minusDays(1) + "&to=" + DAY);
        assertThat(months.path("series").path(0).path("points").findValues("value").stream()
                        .mapToLong(JsonNode::asLong)
                        .sum())
                .isEqualTo(5);
    }

    @Test
    void groupsTheTopChannelsWithAnOtherRowAndFilters() throws Exception {
        JsonNode grouped =
                get(readKey, "/v1/insights/timeseries?metric=orders&group_by=channel&top=1&from=" + DAY + "&to=" + DAY);
        assertThat(grouped.path("series").findValuesAsText("group")).containsExactly("web", "(other)");
        assertThat(grouped.path("series")
                        .path(0)
                        .path("points")
                        .path(0)
                        .path("value")
                        .asLong())
                .isEqualTo(3);
        assertThat(grouped.path("series")
                        .path(1)
                        .path("points")
                        .path(0)
                        .path("value")
                        .asLong())
                .isEqualTo(1);
        JsonNode filtered =
                get(readKey, "/v1/insights/timeseries?metric=orders&filter=channel:app&from=" + DAY + "&to=" + DAY);
        assertThat(filtered.path("series")
                        .path(0)
                        .path("points")
                        .path(0)
                        .path("value")
                        .asLong())
                .isEqualTo(1);

        JsonNode breakdown =
                get(readKey, "/v1/insights/breakdown?metric=page_views&dimension=channel&from=" + DAY + "&to=" + DAY);
        assertThat(breakdown.path("rows").findValuesAsText("value")).containsExactly("web", "(not set)", "app");
        assertThat(breakdown.path("rows").path(0).path("metric_value").asLong()).isEqualTo(2);
        assertThat(breakdown.path("rows").path(0).path("share").asDouble()).isEqualTo(0.5);
        assertThat(breakdown.path("total").asLong()).isEqualTo(4);

        // Decision 0029: in another zone, a breakdown comes from the merchant's local hours. Colombo keeps Kolkata's
        // +05:30, so its days are made of those hours and the answer is the same; UTC days cut them in half.
        JsonNode colombo = get(
                readKey,
                "/v1/insights/timeseries?metric=orders&group_by=channel&top=1&time_zone=Asia/Colombo" + "&from=" + DAY
                        + "&to=" + DAY);
        assertThat(colombo.path("time_zone").asText()).isEqualTo("Asia/Colombo");
        assertThat(colombo.path("series")).isEqualTo(grouped.path("series"));
        JsonNode colomboFiltered = get(
                readKey,
                "/v1/insights/timeseries?metric=orders&filter=channel:app&time_zone=Asia/Colombo" + "&from=" + DAY
                        + "&to=" + DAY);
        assertThat(colomboFiltered
                        .path("series")
                        .path(0)
                        .path("points")
                        .path(0)
                        .path("value")
                        .asLong())
                .isEqualTo(1);
    }

    /**
     * Weeks and months hold the totals only (decision 0028): a breakdown by week or month is the sum of its day rows,
     * and must add up, period by period, to the week's or month's own totals row.
     */
    @Test
    void weeklyAndMonthlyBreakdownsAddUpToTheirPeriodsTotals() throws Exception {
        for (String grain : new String[] {"week", "month"}) {
            String range = "&granularity=" + grain + "&from=" + DAY.minusDays(40) + "&to=" + DAY.plusDays(1);
            JsonNode totals = get(readKey, "/v1/insights/timeseries?metric=orders" + range)
                    .path("series")
                    .path(0);
            JsonNode grouped = get(readKey, "/v1/insights/timeseries?metric=orders&group_by=channel&top=10" + range)
                    .path("series");
            List<Long> expected = totals.path("points").findValues("value").stream()
                    .map(JsonNode::asLong)
                    .toList();
            List<Long> summed = new ArrayList<>();
            for (int point = 0; point < expected.size(); point++) {
                long sum = 0;
                for (JsonNode group : grouped) {
                    assertThat(group.path("points").path(point).path("start").asText())
                            .isEqualTo(totals.path("points")
                                    .path(point)
                                    .path("start")
                                    .asText());
                    sum += group.path("points").path(point).path("value").asLong();
                }
                summed.add(sum);
            }
            assertThat(summed)
                    .as("%s breakdown by channel, added up per period", grain)
                    .isEqualTo(expected);
            assertThat(expected.stream().mapToLong(Long::longValue).sum())
                    .as(grain)
                    .isEqualTo(5);
            assertThat(grouped.findValuesAsText("group")).as(grain).contains("web", "app");

            JsonNode app = get(readKey, "/v1/insights/timeseries?metric=orders&filter=channel:app" + range);
            assertThat(app.path("series").path(0).path("points").findValues("value").stream()
                            .mapToLong(JsonNode::asLong)
                            .sum())
                    .as("%s filtered to app", grain)
                    .isEqualTo(1);
        }
    }

    @Test
    void summarisesKpisAgainstThePreviousPeriodWithEstimatesMarked() throws Exception {
        JsonNode summary = get(
                readKey,
                "/v1/insights/summary?metrics=orders,revenue,net_revenue,average_order_value,"
                        + "refund_rate,unique_customers,visitors,conversion_rate&from=" + DAY + "&to=" + DAY);
        assertThat(summary.path("previous_period").path("from").asText())
                .isEqualTo(DAY.minusDays(1).toString());
        JsonNode orders = kpi(summary, "orders");
        assertThat(orders.path("value").asLong()).isEqualTo(4);
        assertThat(orders.path("previous_period").asLong()).isEqualTo(1);
        assertThat(orders.path("change_vs_previous_period").path("absolute").asLong())
                .isEqualTo(3);
        assertThat(orders.path("change_vs_previous_period").path("relative").asDouble())
                .isEqualTo(3.0);
        assertThat(orders.path("change_vs_previous_year").path("relative").isNull())
                .as("nothing a year ago")
                .isTrue();
        assertThat(kpi(summary, "revenue")
                        .path("change_vs_previous_period")
                        .path("absolute")
                        .path("INR")
                        .asLong())
                .isEqualTo(58000);
        assertThat(kpi(summary, "net_revenue").path("value").path("INR").asLong())
                .isEqualTo(73000);
        assertThat(kpi(summary, "average_order_value").path("value").path("INR").asLong())
                .isEqualTo(19500);
        assertThat(kpi(summary, "refund_rate").path("value").asDouble()).isEqualTo(0.25);
        assertThat(kpi(summary, "unique_customers").path("value").asLong()).isEqualTo(2);
        assertThat(kpi(summary, "unique_customers").path("estimate").asBoolean())
                .isTrue();
        assertThat(kpi(summary, "unique_customers").path("relative_error").asDouble())
                .isBetween(0.01, 0.02);
        assertThat(kpi(summary, "visitors").path("value").asLong()).isEqualTo(4);
        assertThat(kpi(summary, "conversion_rate").path("value").asDouble()).isEqualTo(1.0);
        assertThat(kpi(summary, "orders").path("estimate").asBoolean()).isFalse();
    }

    @Test
    void aRepeatedQuestionIsNotModifiedWhileTheCubesAreUnchanged() throws Exception {
        String path = "/v1/insights/summary?from=" + DAY + "&to=" + DAY;
        HttpResponse<String> first = send(readKey, path, null);
        assertThat(first.headers().firstValue("Cache-Control")).contains("private, max-age=60");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> second = send(readKey, path, etag);
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
    }

    @Test
    void everyBadParameterGetsItsCodeAndField() throws Exception {
        String range = "&from=" + DAY + "&to=" + DAY;
        assertError("/v1/insights/timeseries?metric=nope" + range, "unknown_metric", "metric");
        assertError("/v1/insights/timeseries?metric=orders&group_by=colour" + range, "unknown_dimension", "group_by");
        assertError("/v1/insights/timeseries?metric=orders&filter=colour:red" + range, "unknown_dimension", "filter");
        assertError("/v1/insights/timeseries?metric=orders&filter=channel" + range, "invalid_parameter", "filter");
        assertError(
                "/v1/insights/timeseries?metric=orders&group_by=device&filter=country:IN" + range,
                "unsupported_grouping",
                "group_by");
        assertError(
                "/v1/insights/timeseries?metric=orders&from=" + DAY + "&to=" + DAY.minusDays(1),
                "invalid_parameter",
                "to");
        assertError(
                "/v1/insights/timeseries?metric=orders&granularity=hour&from=" + DAY.minusDays(40) + "&to=" + DAY,
                "range_too_long",
                "to");
        assertError(
                "/v1/insights/timeseries?metric=orders&granularity=minute" + range, "invalid_parameter", "granularity");
        assertError("/v1/insights/timeseries?metric=orders&top=0" + range, "invalid_parameter", "top");
        assertError(
                "/v1/insights/timeseries?metric=orders&time_zone=%2B05:30" + range, "invalid_parameter", "time_zone");
        assertError(
                "/v1/insights/timeseries?metric=orders&time_zone=UTC&from=" + DAY.minusYears(2) + "&to=" + DAY,
                "invalid_parameter",
                "time_zone");
        assertError(
                "/v1/insights/timeseries?metric=orders&group_by=channel&time_zone=UTC" + range,
                "breakdown_not_aligned",
                "time_zone");
        assertError(
                "/v1/insights/breakdown?metric=orders&dimension=channel&time_zone=UTC" + range,
                "breakdown_not_aligned",
                "time_zone");
        assertError("/v1/insights/timeseries?metric=orders&to=" + DAY, "invalid_parameter", "from");
        assertError("/v1/insights/timeseries?metric=orders&from=yesterday&to=" + DAY, "invalid_parameter", "from");
        assertError("/v1/insights/breakdown?metric=orders" + range, "invalid_parameter", "dimension");
        assertError("/v1/insights/summary?metrics=orders,nope" + range, "unknown_metric", "metrics");
    }

    @Test
    void anotherMerchantsKeyReadsNothingOfThisMerchant() throws Exception {
        HttpResponse<String> foreign = send(
                otherReadKey, "/v1/insights/summary?merchant_id=" + MERCHANT + "&from=" + DAY + "&to=" + DAY, null);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(foreign.body()).path("code").asText()).isEqualTo("merchant_forbidden");
        JsonNode own = get(otherReadKey, "/v1/insights/summary?from=" + DAY + "&to=" + DAY);
        assertThat(kpi(own, "orders").path("value").asLong())
                .as("its own merchant has no orders")
                .isZero();
    }

    @Test
    void aWarehouseTooSlowToAnswerIsA503WarehouseUnavailableWithinTwoSecondsThenAnswersAgain() throws Exception {
        String path = "/v1/insights/summary?from=" + DAY + "&to=" + DAY;
        var engines = SharedSystem.system().engines();
        try (java.sql.Connection holder =
                java.sql.DriverManager.getConnection(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword())) {
            holder.setAutoCommit(false);
            try (java.sql.Statement lock = holder.createStatement()) {
                // What a stuck session would hold: every query of the cube tables waits for it.
                lock.execute("LOCK TABLE cube_quarter_hour, cube_hour, cube_day, cube_week, cube_month IN ACCESS"
                        + " EXCLUSIVE MODE");
            }
            HttpResponse<String> slow = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    Duration.ofSeconds(2), () -> send(readKey, path, null));
            assertThat(slow.statusCode()).as(slow.body()).isEqualTo(503);
            assertThat(Json.mapper().readTree(slow.body()).path("code").asText())
                    .isEqualTo("warehouse_unavailable");
            assertThat(slow.headers().firstValue("Retry-After")).isPresent();
            holder.rollback();
        }
        assertThat(kpi(get(readKey, path), "orders").path("value").asLong()).isEqualTo(4);
    }

    @Test
    void theCatalogueListsEveryMetricWithItsUnitAndError() throws Exception {
        JsonNode catalogue = get(readKey, "/v1/metrics");
        assertThat(catalogue.path("metrics").findValuesAsText("name"))
                .contains(
                        "orders",
                        "revenue",
                        "net_revenue",
                        "average_order_value",
                        "refund_rate",
                        "unique_customers",
                        "page_views",
                        "visitors",
                        "conversion_rate");
        assertThat(catalogue.path("dimensions").toString()).contains("channel", "country");
    }

    private static JsonNode kpi(JsonNode summary, String metric) {
        for (JsonNode kpi : summary.path("kpis")) {
            if (kpi.path("metric").asText().equals(metric)) {
                return kpi;
            }
        }
        throw new AssertionError("no KPI " + metric + " in " + summary);
    }

    private static void assertError(String path, String code, String field) throws Exception {
        HttpResponse<String> response = send(readKey, path, null);
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(response.statusCode()).as(path + " → " + body).isEqualTo(400);
        assertThat(body.path("code").asText()).as(path).isEqualTo(code);
        assertThat(body.path("field").asText()).as(path).isEqualTo(field);
        assertThat(body.path("request_id").asText()).isNotBlank();
    }

    private static JsonNode get(String key, String path) throws Exception {
        HttpResponse<String> response = send(key, path, null);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static HttpResponse<String> send(String key, String path, String ifNoneMatch) throws Exception {
        URI gateway = SharedSystem.system().services().gatewayUri();
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(
            String id,
            String type,
            LocalDate day,
            String time,
            Long amount,
            String currency,
            String customer,
            String anonymous,
            String channel) {
        ZonedDateTime at = ZonedDateTime.of(day, LocalTime.parse(time), KOLKATA);
        StringBuilder json = new StringBuilder("{\"event_id\":\"" + MERCHANT + "-" + id + "\",\"merchant_id\":\""
                + MERCHANT + "\",\"type\":\"" + type + "\",\"occurred_at\":\"" + at.toOffsetDateTime() + "\"");
        if (amount != null) {
            json.append(",\"amount\":")
                    .append(amount)
                    .append(",\"currency\":\"")
                    .append(currency)
                    .append('"');
        }
        if (customer != null) {
            json.append(",\"customer_id\":\"").append(customer).append('"');
        }
        if (anonymous != null) {
            json.append(",\"anonymous_id\":\"").append(anonymous).append('"');
        }
        if (channel != null) {
            json.append(",\"dimensions\":{\"channel\":\"").append(channel).append("\"}");
        }
        return json.append('}').toString();
    }
}
