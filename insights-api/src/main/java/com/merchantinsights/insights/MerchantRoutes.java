package com.merchantinsights.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.merchant.MerchantSettings;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.RequestBody;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code PUT /v1/merchants/{merchant_id}} (platform or admin keys) and {@code GET} (also a merchant-read key for
 * its own merchant). A zone or week-start change applies to buckets refreshed from then on; rebuilding history in
 * the new calendar is the reprocessing machinery's job.
 */
final class MerchantRoutes {
    private static final Set<String> FIELDS = Set.of("display_name", "time_zone", "week_start", "reporting_currency");
    private static final Set<String> QUOTA_FIELDS = Set.of("queries_per_second", "concurrent_queries");
    private final MerchantRegistry registry;
    private final Clock clock;

    MerchantRoutes(MerchantRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The answer body of both routes. */
    record MerchantView(
            String merchantId,
            String displayName,
            String timeZone,
            String weekStart,
            String reportingCurrency,
            Instant createdAt,
            Instant updatedAt) {
        static MerchantView of(MerchantRegistry.Registered r) {
            MerchantSettings s = r.settings();
            return new MerchantView(
                    s.merchantId().value(),
                    s.displayName(),
                    s.timeZone().getId(),
                    s.weekStart().name(),
                    s.reportingCurrency(),
                    r.createdAt(),
                    r.updatedAt());
        }
    }

    void get(Context ctx) throws Exception {
        MerchantId merchant = pathMerchant(ctx);
        Identity caller = GatewayIdentity.of(ctx);
        if (!caller.mayRead(merchant)) {
            throw new InsightsException(ErrorCode.MERCHANT_FORBIDDEN, null, "merchant_id");
        }
        MerchantRegistry.Registered registered = registry.find(merchant)
                .orElseThrow(() -> new InsightsException(
                        ErrorCode.NOT_FOUND, "merchant " + merchant + " is not registered", "merchant_id"));
        ctx.json(MerchantView.of(registered));
    }

    void put(Context ctx) throws Exception {
        MerchantId merchant = pathMerchant(ctx);
        Identity caller = GatewayIdentity.of(ctx);
        if (caller.scope() != Scope.PLATFORM && caller.scope() != Scope.ADMIN) {
            throw new InsightsException(
                    ErrorCode.FORBIDDEN, "Merchants are registered with platform or admin keys.", null);
        }
        MerchantSettings settings = parse(merchant, RequestBody.of(ctx));
        boolean created = registry.put(settings, clock.instant());
        ctx.status(created ? 201 : 200)
                .json(MerchantView.of(registry.find(merchant).orElseThrow()));
    }

    /**
     * {@code PUT /v1/merchants/{merchant_id}/query-quota} (admin keys): the merchant's query budget per insights-API
     * instance, {@code {"queries_per_second": n, "concurrent_queries": m}} (issue 24); every instance applies it within
     * {@link QuotaOverrides#REFRESH}.
     */
    void putQuota(Context ctx) throws Exception {
        MerchantId merchant = pathMerchant(ctx);
        requireAdmin(ctx);
        JsonNode json = objectBody(RequestBody.of(ctx), QUOTA_FIELDS);
        MerchantQuotas.Quota quota = new MerchantQuotas.Quota(
                positive(json, "queries_per_second", 100_000), positive(json, "concurrent_queries", 1_000));
        registry.putQuota(merchant, quota, clock.instant());
        ctx.json(Map.of(
                "merchant_id", merchant.value(),
                "queries_per_second", quota.queriesPerSecond(),
                "concurrent_queries", quota.concurrentQueries()));
    }

    /** {@code DELETE /v1/merchants/{merchant_id}/query-quota} (admin keys): the defaults apply again. */
    void removeQuota(Context ctx) throws Exception {
        MerchantId merchant = pathMerchant(ctx);
        requireAdmin(ctx);
        if (!registry.removeQuota(merchant)) {
            throw new InsightsException(
                    ErrorCode.NOT_FOUND, "merchant " + merchant + " has no query quota of its own", "merchant_id");
        }
        ctx.status(204);
    }

    /** The body as a JSON object holding no field but {@code allowed}: else malformed_json or invalid_field. */
    private static JsonNode objectBody(byte[] body, Set<String> allowed) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, null, null);
        }
        if (json == null || !json.isObject()) {
            throw new InsightsException(ErrorCode.MALFORMED_JSON, "The body must be a JSON object.", null);
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InsightsException(ErrorCode.INVALID_FIELD, "unknown field; allowed: " + allowed, name);
            }
        }
        return json;
    }

    private static void requireAdmin(Context ctx) {
        if (GatewayIdentity.of(ctx).scope() != Scope.ADMIN) {
            throw new InsightsException(ErrorCode.FORBIDDEN, "Query quotas are set with admin keys.", null);
        }
    }

    private static int positive(JsonNode json, String field, int max) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new InsightsException(ErrorCode.MISSING_FIELD, field + " is required", field);
        }
        if (!value.isInt() || value.asInt() < 1 || value.asInt() > max) {
            throw new InsightsException(
                    ErrorCode.INVALID_FIELD, field + " must be a whole number from 1 to " + max, field);
        }
        return value.asInt();
    }

    static MerchantSettings parse(MerchantId merchant, byte[] body) {
        JsonNode json = objectBody(body, FIELDS);
        String displayName = text(json, "display_name", null);
        String zone = text(json, "time_zone", null);
        if (!MerchantSettings.isRegionZone(zone)) {
            throw new InsightsException(
                    ErrorCode.INVALID_FIELD, "time_zone must be an IANA region such as Asia/Kolkata", "time_zone");
        }
        DayOfWeek weekStart;
        try {
            weekStart = DayOfWeek.valueOf(text(json, "week_start", "MONDAY").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InsightsException(
                    ErrorCode.INVALID_FIELD, "week_start must be a day name such as MONDAY", "week_start");
        }
        String currency = text(json, "reporting_currency", null);
        try {
            return new MerchantSettings(merchant, displayName, ZoneId.of(zone), weekStart, currency);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("display_name") ? "display_name" : "reporting_currency";
            throw new InsightsException(ErrorCode.INVALID_FIELD, e.getMessage(), field);
        }
    }

    private static String text(JsonNode json, String field, String fallback) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new InsightsException(ErrorCode.MISSING_FIELD, field + " is required", field);
            }
            return fallback;
        }
        if (!value.isTextual()) {
            throw new InsightsException(ErrorCode.INVALID_FIELD, field + " must be a string", field);
        }
        return value.asText();
    }

    private static MerchantId pathMerchant(Context ctx) {
        String id = ctx.pathParam("merchant_id");
        if (!MerchantId.isValid(id)) {
            throw new InsightsException(
                    ErrorCode.INVALID_PARAMETER, "merchant_id is not a valid merchant id", "merchant_id");
        }
        return new MerchantId(id);
    }
}
