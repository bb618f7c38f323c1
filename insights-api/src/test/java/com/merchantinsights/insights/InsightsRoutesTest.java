package com.merchantinsights.insights;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.metric.MetricDefinition;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.identity.RequestBinding;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The insights routes over HTTP, answered from cube rows in memory. */
class InsightsRoutesTest {
    private static final MerchantId A = new MerchantId("shop-a");
    private static final MerchantId B = new MerchantId("shop-b");
    private static final Identity READER_A = new Identity("reader-a", Scope.MERCHANT_READ, Optional.of(A));
    private static final Identity WRITER_A = new Identity("writer-a", Scope.MERCHANT_WRITE, Optional.of(A));
    private static final Identity PLATFORM = new Identity("platform-1", Scope.PLATFORM, Optional.empty());
    private static final LocalDate DAY = LocalDate.parse("2026-11-02");
    private static final String ONE_DAY = "from=2026-11-02&to=2026-11-02";

    private InMemoryInsightsApi api;

    @BeforeEach
    void start() {
        api = new InMemoryInsightsApi();
        api.register(A, ZoneId.of("Asia/Kolkata"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answersADailySeriesOfEveryDayInTheRangeInTheMerchantsZoneWithItsFreshness() throws Exception {
        api.orders(A, DAY, 3, "INR", 90_000);
        api.orders(A, DAY.plusDays(2), 1, "INR", 1_000);
        api.cubes.publish(
                new Freshness(Instant.parse("2026-12-01T06:00:00Z"), Instant.parse("2026-12-01T06:05:00Z"), 2));

        var answer = api.get(
                "/v1/insights/timeseries?metric=orders,revenue&granularity=day" + "&from=2026-11-02&to=2026-11-04",
                READER_A);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).isEqualTo(json("""
                {"merchant_id": "shop-a", "time_zone": "Asia/Kolkata", "from": "2026-11-02", "to": "2026-11-04",
                 "granularity": "day",
                 "series": [
                   {"metric": "orders", "group": null, "unit": "count", "estimate": false, "relative_error": null,
                    "points": [{"start": "2026-11-02", "value": 3}, {"start": "2026-11-03", "value": 0},
                               {"start": "2026-11-04", "value": 1}]},
                   {"metric": "revenue", "group": null, "unit": "money", "estimate": false, "relative_error": null,
                    "points": [{"start": "2026-11-02", "value": {"INR": 90000}}, {"start": "2026-11-03", "value": {}},
                               {"start": "2026-11-04", "value": {"INR": 1000}}]}],
                 "freshness": {"complete_through": "2026-12-01T11:30+05:30", "last_refresh": "2026-12-01T11:35+05:30",
                               "pending_hours": 2}}
                """));
    }

    @Test
    void groupsASeriesByADimensionIntoItsTopValuesAndTheRest() throws Exception {
        api.ordersWith(A, DAY, "channel", "web", 5);
        api.ordersWith(A, DAY, "channel", "app", 2);
        api.ordersWith(A, DAY, "channel", "pos", 1);

        var answer = api.get("/v1/insights/timeseries?metric=orders&group_by=channel&top=2&" + ONE_DAY, READER_A);

        assertThat(answer.status()).isEqualTo(200);
        List<String> groups = new ArrayList<>();
        answer.json()
                .path("series")
                .forEach(series -> groups.add(series.path("group").asText() + "="
                        + series.path("points").path(0).path("value").asLong()));
        assertThat(groups).containsExactly("web=5", "app=2", "(other)=1");
    }

    @Test
    void valuesFoldedPastTheMerchantsCapJoinTheRestInOneOtherNeverATopGroup() throws Exception {
        // The ETL folded values past the merchant's daily cap into the cube's own "(other)" (decision 0042).
        api.ordersWith(A, DAY, "channel", "(other)", 9);
        api.ordersWith(A, DAY, "channel", "web", 5);
        api.ordersWith(A, DAY, "channel", "app", 2);
        api.ordersWith(A, DAY, "channel", "pos", 1);

        var series = api.get("/v1/insights/timeseries?metric=orders&group_by=channel&top=2&" + ONE_DAY, READER_A);
        List<String> groups = new ArrayList<>();
        series.json()
                .path("series")
                .forEach(one -> groups.add(one.path("group").asText() + "="
                        + one.path("points").path(0).path("value").asLong()));
        assertThat(groups).containsExactly("web=5", "app=2", "(other)=10");

        var breakdown = api.get("/v1/insights/breakdown?metric=orders&dimension=channel&top=5&" + ONE_DAY, READER_A);
        List<String> rows = new ArrayList<>();
        breakdown.json().path("rows").forEach(row -> rows.add(row.path("value").asText()));
        assertThat(rows).containsExactly("web", "app", "pos", "(other)");
    }

    /** The same question on every route, by a key of merchant A, with rows of A (3 orders) and B (7 orders). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "timeseries | /v1/insights/timeseries?metric=orders | /series/0/points/0/value",
                "breakdown  | /v1/insights/breakdown?metric=orders&dimension=channel | /total",
                "summary    | /v1/insights/summary?metrics=orders | /kpis/0/value",
            })
    void aMerchantKeyIsAnsweredFromItsOwnMerchantsRowsAndRefusedAnothers(String route, String question, String value)
            throws Exception {
        api.orders(A, DAY, 3, "INR", 300);
        api.ordersWith(A, DAY, "channel", "web", 3);
        api.orders(B, DAY, 7, "INR", 700);
        api.ordersWith(B, DAY, "channel", "web", 7);

        var own = api.get(question + "&" + ONE_DAY, READER_A);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("merchant_id").asText()).isEqualTo(A.value());
        assertThat(own.json().at(value).asLong()).isEqualTo(3);

        api.get(question + "&" + ONE_DAY + "&merchant_id=" + B.value(), READER_A)
                .assertError(403, ErrorCode.MERCHANT_FORBIDDEN, "merchant_id");
        api.get(question + "&" + ONE_DAY, WRITER_A).assertError(403, ErrorCode.MERCHANT_FORBIDDEN, "merchant_id");

        var named = api.get(question + "&" + ONE_DAY + "&merchant_id=" + B.value(), PLATFORM);
        assertThat(named.json().path("merchant_id").asText()).isEqualTo(B.value());
        assertThat(named.json().at(value).asLong())
                .as("a platform key names the merchant it reads")
                .isEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "no identity",
                "signed with another key",
                "merchant changed after signing",
                "made for another request",
                "used twice"
            })
    void aRequestThatDidNotComeThroughTheGatewayIsRefused(String how) throws Exception {
        api.orders(A, DAY, 3, "INR", 300);
        api.orders(B, DAY, 7, "INR", 700);
        String question = "/v1/insights/timeseries?metric=orders&" + ONE_DAY;
        var request = api.request(question);
        String token = InMemoryInsightsApi.token(READER_A, "GET", question, "");
        switch (how) {
            case "signed with another key" ->
                request.header(
                        IdentityHeader.NAME,
                        new IdentitySigner(IdentityKeys.generate("test"))
                                .sign(
                                        READER_A,
                                        new RequestBinding(
                                                Audiences.INSIGHTS_API,
                                                "GET",
                                                question,
                                                RequestBinding.digest(new byte[0])),
                                        InMemoryInsightsApi.NOW));
            case "merchant changed after signing" -> {
                String[] parts = token.split("\\.");
                String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[2]), UTF_8);
                String changed = java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace("\n" + A.value() + "\n", "\n" + B.value() + "\n")
                                .getBytes(UTF_8));
                request.header(IdentityHeader.NAME, parts[0] + "." + parts[1] + "." + changed + "." + parts[3]);
            }
            case "made for another request" ->
                request.header(
                        IdentityHeader.NAME,
                        InMemoryInsightsApi.token(READER_A, "GET", "/v1/insights/timeseries?metric=orders", ""));
            case "used twice" -> {
                assertThat(api.send(api.request(question).header(IdentityHeader.NAME, token))
                                .status())
                        .isEqualTo(200);
                request.header(IdentityHeader.NAME, token);
            }
            default -> {}
        }

        api.send(request).assertError(401, ErrorCode.UNAUTHENTICATED, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no metric                     | /v1/insights/timeseries?from=2026-11-02&to=2026-11-02                               | INVALID_PARAMETER     | metric",
                "unknown metric                | /v1/insights/timeseries?metric=orders,gmv&from=2026-11-02&to=2026-11-02             | UNKNOWN_METRIC        | metric",
                "unknown summary metric        | /v1/insights/summary?metrics=gmv&from=2026-11-02&to=2026-11-02                      | UNKNOWN_METRIC        | metrics",
                "more metrics than allowed     | /v1/insights/summary?metrics=orders,orders,orders,orders,orders,orders,orders,orders,orders,orders,orders,orders,orders&from=2026-11-02&to=2026-11-02 | INVALID_PARAMETER | metrics",
                "unknown granularity           | /v1/insights/timeseries?metric=orders&granularity=fortnight&from=2026-11-02&to=2026-11-02 | INVALID_PARAMETER | granularity",
                "the base is no answer grain   | /v1/insights/timeseries?metric=orders&granularity=quarter_hour&from=2026-11-02&to=2026-11-02 | INVALID_PARAMETER | granularity",
                "no from                       | /v1/insights/timeseries?metric=orders&to=2026-11-02                                 | INVALID_PARAMETER     | from",
                "from not a date               | /v1/insights/timeseries?metric=orders&from=2026-13-01&to=2026-11-02                 | INVALID_PARAMETER     | from",
                "to before from                | /v1/insights/timeseries?metric=orders&from=2026-11-02&to=2026-11-01                 | INVALID_PARAMETER     | to",
                "hours over more than 31 days  | /v1/insights/timeseries?metric=orders&granularity=hour&from=2026-10-01&to=2026-11-01 | RANGE_TOO_LONG       | to",
                "days over more than 5 years   | /v1/insights/timeseries?metric=orders&from=2020-01-01&to=2026-01-01                 | RANGE_TOO_LONG        | to",
                "unknown group_by              | /v1/insights/timeseries?metric=orders&group_by=planet&from=2026-11-02&to=2026-11-02 | UNKNOWN_DIMENSION     | group_by",
                "unknown filter dimension      | /v1/insights/timeseries?metric=orders&filter=planet:mars&from=2026-11-02&to=2026-11-02 | UNKNOWN_DIMENSION  | filter",
                "filter without a value        | /v1/insights/timeseries?metric=orders&filter=channel&from=2026-11-02&to=2026-11-02  | INVALID_PARAMETER     | filter",
                "two filters of one dimension  | /v1/insights/timeseries?metric=orders&filter=channel:web&filter=channel:app&from=2026-11-02&to=2026-11-02 | INVALID_PARAMETER | filter",
                "a pair the cube does not keep | /v1/insights/timeseries?metric=orders&filter=country:IN&group_by=device&from=2026-11-02&to=2026-11-02 | UNSUPPORTED_GROUPING | group_by",
                "top out of range              | /v1/insights/timeseries?metric=orders&top=51&from=2026-11-02&to=2026-11-02          | INVALID_PARAMETER     | top",
                "unknown time zone             | /v1/insights/timeseries?metric=orders&time_zone=Mars/Olympus&from=2026-11-02&to=2026-11-02 | INVALID_PARAMETER | time_zone",
                "other zone beyond the base    | /v1/insights/timeseries?metric=orders&time_zone=UTC&from=2025-01-01&to=2025-01-02   | INVALID_PARAMETER     | time_zone",
                "other zone cutting its hours  | /v1/insights/timeseries?metric=orders&time_zone=UTC&group_by=channel&from=2026-11-02&to=2026-11-02 | BREAKDOWN_NOT_ALIGNED | time_zone",
                "breakdown without dimension   | /v1/insights/breakdown?metric=orders&from=2026-11-02&to=2026-11-02                  | INVALID_PARAMETER     | dimension",
                "breakdown by unknown dimension| /v1/insights/breakdown?metric=orders&dimension=planet&from=2026-11-02&to=2026-11-02 | UNKNOWN_DIMENSION     | dimension",
                "breakdown of two metrics      | /v1/insights/breakdown?metric=orders,revenue&dimension=channel&from=2026-11-02&to=2026-11-02 | INVALID_PARAMETER | metric",
                "merchant_id not a merchant id | /v1/insights/timeseries?metric=orders&merchant_id=-bad&from=2026-11-02&to=2026-11-02 | INVALID_PARAMETER   | merchant_id",
            })
    void badInputIsAnsweredWithTheDocumentedCodeAndTheOffendingField(
            String name, String question, ErrorCode code, String field) throws Exception {
        api.get(question, READER_A).assertError(400, code, field);
    }

    @Test
    void aPlatformKeyMustNameTheMerchant() throws Exception {
        api.get("/v1/insights/timeseries?metric=orders&" + ONE_DAY, PLATFORM)
                .assertError(400, ErrorCode.INVALID_PARAMETER, "merchant_id");
    }

    @Test
    void theCatalogueListsEveryMetricWithItsUnitFormatAndWhetherItIsAnEstimate() throws Exception {
        var answer = api.get("/v1/metrics", READER_A);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        List<String> names = new ArrayList<>();
        json.path("metrics").forEach(metric -> names.add(metric.path("name").asText()));
        assertThat(names)
                .containsExactlyElementsOf(InMemoryInsightsApi.CATALOGUE.all().stream()
                        .map(MetricDefinition::name)
                        .toList());
        assertThat(metric(json, "orders")).isEqualTo(json("""
                {"name": "orders", "label": "Orders", "unit": "count", "format": "integer",
                 "description": "Completed orders (order.completed events).", "estimate": false, "relative_error": null}
                """));
        assertThat(metric(json, "unique_customers").path("estimate").asBoolean())
                .isTrue();
        assertThat(metric(json, "unique_customers").path("relative_error").asDouble())
                .isEqualTo(0.0163);
        assertThat(metric(json, "revenue").path("unit").asText()).isEqualTo("money");
        assertThat(json.path("dimensions"))
                .isEqualTo(
                        json(
                                "[\"channel\", \"country\", \"device\", \"product_category\", \"payment_method\", \"location_id\"]"));
        assertThat(json.path("granularities")).isEqualTo(json("[\"hour\", \"day\", \"week\", \"month\"]"));
    }

    @Test
    void aRepeatedQuestionWhoseAnswerHasNotChangedIsAnswered304() throws Exception {
        api.orders(A, DAY, 3, "INR", 300);
        String question = "/v1/insights/timeseries?metric=orders&" + ONE_DAY;
        String etag = api.get(question, READER_A).headers().firstValue("ETag").orElseThrow();

        var again = api.send(api.request(question)
                .header(IdentityHeader.NAME, InMemoryInsightsApi.token(READER_A, "GET", question, ""))
                .header("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);

        api.orders(A, DAY, 1, "INR", 100);
        var changed = api.send(api.request(question)
                .header(IdentityHeader.NAME, InMemoryInsightsApi.token(READER_A, "GET", question, ""))
                .header("If-None-Match", etag));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().at("/series/0/points/0/value").asLong()).isEqualTo(4);
    }

    private static JsonNode metric(JsonNode catalogue, String name) {
        for (JsonNode metric : catalogue.path("metrics")) {
            if (metric.path("name").asText().equals(name)) {
                return metric;
            }
        }
        throw new AssertionError("no metric " + name + " in " + catalogue);
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }
}
