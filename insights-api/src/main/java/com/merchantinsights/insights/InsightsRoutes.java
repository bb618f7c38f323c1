package com.merchantinsights.insights;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.merchant.MerchantSettings;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.metric.MetricDefinition;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import com.merchantinsights.insights.query.InsightsQueries;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.Json;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The insights routes (decision 0015, docs/openapi.yaml): {@code GET /v1/metrics}, {@code /v1/insights/timeseries},
 * {@code /v1/insights/breakdown} and {@code /v1/insights/summary}. Parameters are checked here, each bad one answered
 * with the documented error and the offending field; answers come from cube tables only, carry the freshness block,
 * an ETag (a repeated question answers 304 while the cubes have not changed) and a short private cache lifetime.
 */
final class InsightsRoutes {
    static final int MAX_HOUR_DAYS = 31;
    static final int MAX_DAYS = 366 * 5;
    static final int MAX_TOP = 50;
    static final int MAX_METRICS = 12;
    static final List<String> DEFAULT_SUMMARY = List.of("orders", "revenue", "unique_customers", "conversion_rate");
    /** Answers keep their nulls: an undefined ratio or change is null, not a missing field. */
    private static final com.fasterxml.jackson.databind.ObjectWriter ANSWERS = Json.mapper()
            .copy()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
            .writer();

    private final CubeDefinition cube;
    private final MetricCatalogue catalogue;
    private final InsightsQueries queries;
    private final CubeReader cubes;
    private final MerchantRegistry merchants;
    private final ZoneId defaultZone;
    private final Clock clock;
    private final MerchantQuotas quotas;

    InsightsRoutes(
            CubeDefinition cube,
            MetricCatalogue catalogue,
            InsightsQueries queries,
            CubeReader cubes,
            MerchantRegistry merchants,
            ZoneId defaultZone,
            Clock clock,
            MerchantQuotas quotas) {
        this.quotas = quotas;
        this.cube = cube;
        this.catalogue = catalogue;
        this.queries = queries;
        this.cubes = cubes;
        this.merchants = merchants;
        this.defaultZone = defaultZone;
        this.clock = clock;
    }

    void metrics(Context ctx) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (MetricDefinition metric : catalogue.all()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", metric.name());
            one.put("label", metric.label());
            one.put("unit", metric.unit().wireName());
            one.put("format", metric.format().wireName());
            one.put("description", metric.description());
            boolean estimate = catalogue.isEstimate(metric);
            one.put("estimate", estimate);
            one.put("relative_error", estimate ? Math.round(cube.distinctRelativeError() * 10_000) / 10_000.0 : null);
            metrics.add(one);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("metrics", metrics);
        answer.put("dimensions", cube.dimensions());
        answer.put("granularities", List.of("hour", "day", "week", "month"));
        respond(ctx, answer);
    }

    void timeseries(Context ctx) throws Exception {
        try (MerchantQuotas.Permit permit = admit(ctx)) {
            InsightsQueries.Question q =
                    question(ctx, metrics(ctx, "metric", null), granularity(ctx), groupBy(ctx), top(ctx, 5));
            respond(ctx, cubes.inSnapshot(() -> withFreshness(queries.timeseries(q), q)));
        }
    }

    void breakdown(Context ctx) throws Exception {
        try (MerchantQuotas.Permit permit = admit(ctx)) {
            String dimension = dimension(ctx, "dimension", required(ctx, "dimension"));
            List<MetricDefinition> metric = metrics(ctx, "metric", null);
            if (metric.size() != 1) {
                throw new InsightsException(ErrorCode.INVALID_PARAMETER, "a breakdown is of one metric", "metric");
            }
            InsightsQueries.Question q = question(ctx, metric, Grain.DAY, null, top(ctx, 10));
            respond(ctx, cubes.inSnapshot(() -> withFreshness(queries.breakdown(q, dimension), q)));
        }
    }

    void summary(Context ctx) throws Exception {
        try (MerchantQuotas.Permit permit = admit(ctx)) {
            InsightsQueries.Question q = question(ctx, metrics(ctx, "metrics", DEFAULT_SUMMARY), Grain.DAY, null, 1);
            respond(ctx, cubes.inSnapshot(() -> withFreshness(queries.summary(q), q)));
        }
    }

    /**
     * The merchant's query quota (issue 24), taken before anything reads the warehouse: a merchant over it is
     * answered 429 without costing a connection.
     */
    private MerchantQuotas.Permit admit(Context ctx) {
        return quotas.acquire(
                InsightsApi.targetMerchant(ctx, GatewayIdentity.of(ctx)).value());
    }

    private InsightsQueries.Question question(
            Context ctx, List<MetricDefinition> metrics, Grain granularity, String groupBy, int top) throws Exception {
        MerchantId merchant = InsightsApi.targetMerchant(ctx, GatewayIdentity.of(ctx));
        Optional<MerchantSettings> settings = merchants.find(merchant).map(MerchantRegistry.Registered::settings);
        ZoneId merchantZone = settings.map(MerchantSettings::timeZone).orElse(defaultZone);
        DayOfWeek weekStart = settings.map(MerchantSettings::weekStart).orElse(DayOfWeek.MONDAY);
        ZoneId zone = merchantZone;
        String asked = ctx.queryParam("time_zone");
        if (asked != null && !asked.isBlank()) {
            if (!MerchantSettings.isRegionZone(asked)) {
                throw new InsightsException(
                        ErrorCode.INVALID_PARAMETER,
                        "time_zone must be an IANA region such as Asia/Kolkata",
                        "time_zone");
            }
            zone = ZoneId.of(asked);
        }
        boolean override = !zone.equals(merchantZone);
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        if (to.isBefore(from)) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "to must not be before from", "to");
        }
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        int maxDays = granularity == Grain.HOUR ? MAX_HOUR_DAYS : MAX_DAYS;
        if (days > maxDays) {
            throw new InsightsException(
                    ErrorCode.RANGE_TOO_LONG,
                    "at most " + maxDays + " days per request at " + granularity.wireName() + " granularity",
                    "to");
        }
        if (override) {
            LocalDate oldest =
                    LocalDate.now(clock.withZone(zone)).minus(cube.retention().get(Grain.QUARTER_HOUR));
            if (from.isBefore(oldest)) {
                throw new InsightsException(
                        ErrorCode.INVALID_PARAMETER,
                        "a time_zone other than the merchant's is answered "
                                + "from the 15-minute base, kept "
                                + cube.retention().get(Grain.QUARTER_HOUR) + ": from must be on or after "
                                + oldest,
                        "time_zone");
            }
        }
        return new InsightsQueries.Question(
                merchant.value(),
                new MerchantCalendar(zone, weekStart),
                merchantZone,
                metrics,
                from,
                to,
                granularity,
                filters(ctx),
                groupBy,
                top);
    }

    private List<MetricDefinition> metrics(Context ctx, String parameter, List<String> defaults) {
        String value = ctx.queryParam(parameter);
        List<String> names = value == null || value.isBlank()
                ? defaults
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        if (names == null || names.isEmpty()) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, parameter + " is required", parameter);
        }
        if (names.size() > MAX_METRICS) {
            throw new InsightsException(
                    ErrorCode.INVALID_PARAMETER, "at most " + MAX_METRICS + " metrics per request", parameter);
        }
        List<MetricDefinition> metrics = new ArrayList<>();
        for (String name : names) {
            metrics.add(catalogue
                    .named(name)
                    .orElseThrow(() -> new InsightsException(
                            ErrorCode.UNKNOWN_METRIC,
                            "unknown metric: " + name + " (GET /v1/metrics lists them)",
                            parameter)));
        }
        return metrics;
    }

    private static Grain granularity(Context ctx) {
        String value = ctx.queryParam("granularity");
        if (value == null || value.isBlank()) {
            return Grain.DAY;
        }
        return Grain.named(value)
                .filter(g -> g != Grain.QUARTER_HOUR)
                .orElseThrow(() -> new InsightsException(
                        ErrorCode.INVALID_PARAMETER, "granularity must be hour, day, week or month", "granularity"));
    }

    private String groupBy(Context ctx) {
        String value = ctx.queryParam("group_by");
        return value == null || value.isBlank() ? null : dimension(ctx, "group_by", value);
    }

    private String dimension(Context ctx, String parameter, String value) {
        if (!cube.dimensions().contains(value)) {
            throw new InsightsException(
                    ErrorCode.UNKNOWN_DIMENSION,
                    "unknown dimension " + value + "; the cube has " + cube.dimensions(),
                    parameter);
        }
        return value;
    }

    /** {@code filter=channel:web}, repeatable; one value per dimension. */
    private Map<String, String> filters(Context ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String filter : ctx.queryParams("filter")) {
            int colon = filter.indexOf(':');
            if (colon <= 0 || colon == filter.length() - 1) {
                throw new InsightsException(
                        ErrorCode.INVALID_PARAMETER, "a filter is dimension:value, e.g. channel:web", "filter");
            }
            String dimension = dimension(ctx, "filter", filter.substring(0, colon));
            if (filters.put(dimension, filter.substring(colon + 1)) != null) {
                throw new InsightsException(
                        ErrorCode.INVALID_PARAMETER, "one filter per dimension: " + dimension, "filter");
            }
        }
        return filters;
    }

    private static int top(Context ctx, int defaultTop) {
        String value = ctx.queryParam("top");
        if (value == null || value.isBlank()) {
            return defaultTop;
        }
        try {
            int top = Integer.parseInt(value);
            if (top >= 1 && top <= MAX_TOP) {
                return top;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InsightsException(
                ErrorCode.INVALID_PARAMETER, "top must be a whole number from 1 to " + MAX_TOP, "top");
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, name + " is required", name);
        }
        return value;
    }

    private static LocalDate date(Context ctx, String name) {
        try {
            return LocalDate.parse(required(ctx, name));
        } catch (DateTimeParseException e) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, name + " must be a date like 2026-11-24", name);
        }
    }

    private Map<String, Object> withFreshness(Map<String, Object> answer, InsightsQueries.Question q)
            throws java.sql.SQLException {
        Freshness freshness = cubes.freshness();
        Map<String, Object> block = new LinkedHashMap<>();
        block.put(
                "complete_through",
                freshness
                        .completeThrough()
                        .atZone(q.calendar().zone())
                        .toOffsetDateTime()
                        .toString());
        block.put(
                "last_refresh",
                freshness
                        .lastRefresh()
                        .atZone(q.calendar().zone())
                        .toOffsetDateTime()
                        .toString());
        block.put("pending_hours", freshness.pendingHours());
        answer.put("freshness", block);
        return answer;
    }

    /** JSON with a strong ETag of its bytes; 304 when the caller already has them. */
    static void respond(Context ctx, Object answer) {
        byte[] body;
        try {
            body = ANSWERS.writeValueAsBytes(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String etag = "\"" + HexFormat.of().formatHex(sha256(body), 0, 16) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "private, max-age=60");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json");
        ctx.result(body);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
