package com.merchantinsights.insights;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.IdentityToken;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.metric.MetricDefinition;
import com.merchantinsights.core.metric.MetricFormula;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.ServiceApp;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The insights API service: {@code GET /v1/insights/timeseries}. */
public final class InsightsApi implements AutoCloseable {
    /** Longest day range one request may ask for (5 years of days, the day grain's retention). */
    static final int MAX_DAYS = 366 * 5;

    private final Javalin app;
    private final CubeReader cubes;
    private final MerchantRegistry merchants;

    private InsightsApi(Javalin app, CubeReader cubes, MerchantRegistry merchants) {
        this.app = app;
        this.cubes = cubes;
        this.merchants = merchants;
    }

    public static InsightsApi start(InsightsApiConfig config) {
        Clock clock = Clock.systemUTC();
        // Read and validated before anything listens: a bad cube or catalogue file stops the service here.
        CubeDefinition cube = CubeDefinitionFile.standard();
        MetricCatalogue catalogue = MetricCatalogue.standard(cube);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CubeReader cubes = new CubeReader(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
        GatewayIdentity identity = new GatewayIdentity(new IdentityToken(config.signingSecret()), clock);
        MerchantRegistry merchants = new MerchantRegistry(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
        MerchantRoutes merchantRoutes = new MerchantRoutes(merchants, clock);
        Javalin app = ServiceApp.create("insights-api", config.host(), config.port(), registry, cubes::reachable, routes -> {
            routes.before("/v1/*", identity::require);
            routes.get("/v1/insights/timeseries", ctx -> timeseries(ctx, cubes, catalogue, merchants, config));
            routes.get("/v1/merchants/{merchant_id}", merchantRoutes::get);
            routes.put("/v1/merchants/{merchant_id}", merchantRoutes::put);
        });
        app.start();
        return new InsightsApi(app, cubes, merchants);
    }

    private static void timeseries(Context ctx, CubeReader cubes, MetricCatalogue catalogue, MerchantRegistry merchants,
                                   InsightsApiConfig config) throws Exception {
        MerchantId merchant = targetMerchant(ctx, GatewayIdentity.of(ctx));
        String metricName = required(ctx, "metric");
        MetricDefinition metric = catalogue.named(metricName)
                .orElseThrow(() -> new InsightsException(ErrorCode.UNKNOWN_METRIC, "unknown metric: " + metricName, "metric"));
        if (!(metric.formula() instanceof MetricFormula.Count count)) {
            // The insights issue serves amounts, ratios and distinct counts; until then only counts are answered.
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "metric " + metricName
                    + " is not served by this endpoint yet; count metrics are", "metric");
        }
        String granularity = ctx.queryParamAsClass("granularity", String.class).getOrDefault("day");
        if (!granularity.equals("day")) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "granularity must be day", "granularity");
        }
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        if (to.isBefore(from)) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "to must not be before from", "to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "at most " + MAX_DAYS + " days per request", "to");
        }
        Map<LocalDate, Long> counts = cubes.dailyCounts(merchant.value(), count.eventType().value(), from, to);
        List<TimeSeries.Point> points = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            points.add(new TimeSeries.Point(day, counts.getOrDefault(day, 0L)));
        }
        String zone = merchants.find(merchant).map(m -> m.settings().timeZone().getId()).orElse(config.defaultZone().getId());
        ctx.json(new TimeSeries(merchant.value(), metric.name(), granularity, zone, from, to,
                points, cubes.freshness()));
    }

    /** Merchant keys imply their merchant; platform and admin keys name one with merchant_id. */
    static MerchantId targetMerchant(Context ctx, Identity caller) {
        String asked = ctx.queryParam("merchant_id");
        MerchantId target;
        if (asked != null) {
            if (!MerchantId.isValid(asked)) {
                throw new InsightsException(ErrorCode.INVALID_PARAMETER, "merchant_id is not a valid merchant id", "merchant_id");
            }
            target = new MerchantId(asked);
        } else if (caller.merchant().isPresent()) {
            target = caller.merchant().get();
        } else {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER,
                    "a " + caller.scope().wireName() + " key must name the merchant with merchant_id", "merchant_id");
        }
        if (!caller.mayRead(target) || caller.scope() == Scope.MERCHANT_WRITE) {
            throw new InsightsException(ErrorCode.MERCHANT_FORBIDDEN, null, "merchant_id");
        }
        return target;
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

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        cubes.close();
        merchants.close();
    }
}
