package com.merchantinsights.insights;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.insights.query.CubeRows;
import com.merchantinsights.insights.query.CubeStore;
import com.merchantinsights.insights.query.InsightsQueries;
import com.merchantinsights.service.Drain;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.RunningService;
import com.merchantinsights.service.ServiceApp;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentityVerifier;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Consumer;

/**
 * The insights API service: the metrics catalogue, time series, breakdowns and summaries of a merchant's cubes
 * ({@link InsightsRoutes}), and the merchant registry ({@link MerchantRoutes}). Closing it closes the warehouse pools
 * once the requests in flight are answered.
 */
public final class InsightsApi extends RunningService {
    private InsightsApi(
            Javalin app,
            Drain drain,
            PostgresCubeReader cubes,
            PostgresMerchantRegistry merchants,
            WarehouseProbe probe) {
        super(app, drain, () -> {
            cubes.close();
            merchants.close();
            probe.close();
        });
    }

    public static InsightsApi start(InsightsApiConfig config) {
        Clock clock = Clock.systemUTC();
        // Read and validated before anything listens: a bad cube or catalogue file stops the service here.
        CubeDefinition cube = CubeDefinitionFile.standard();
        MetricCatalogue catalogue = MetricCatalogue.standard(cube);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueryBounds bounds = config.queryBounds();
        PostgresCubeReader cubes =
                new PostgresCubeReader(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), bounds);
        GatewayIdentity identity = new GatewayIdentity(
                new IdentityVerifier(IdentityKeys.parseVerificationKeys(config.identityKeys()), Audiences.INSIGHTS_API),
                clock);
        // On the primary: registrations are writes, and a query after a registration must see it (decision 0045).
        PostgresMerchantRegistry merchants =
                new PostgresMerchantRegistry(config.jdbcWriteUrl(), config.jdbcUser(), config.jdbcPassword(), bounds);
        WarehouseProbe probe = new WarehouseProbe(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), bounds);
        MerchantQuotas quotas = new MerchantQuotas(config.merchantQuota(), merchants.quotaOverrides(clock));
        registry.gauge("insights_merchant_quota_refused", quotas, MerchantQuotas::refused);
        Drain drain = new Drain();
        Javalin app = ServiceApp.create(
                "insights-api",
                config.host(),
                config.port(),
                registry,
                drain.readiness(probe),
                routes(
                        cube,
                        catalogue,
                        identity,
                        cubes,
                        new CubeStore(cubes.dataSource(), cube, bounds.maxRows()),
                        merchants,
                        config.defaultZone(),
                        clock,
                        quotas));
        app.start();
        return new InsightsApi(app, drain, cubes, merchants, probe);
    }

    /**
     * The service's routes over its stores: served by {@link #start} from the warehouse, and by unit tests from
     * stores in memory.
     */
    static Consumer<RoutesConfig> routes(
            CubeDefinition cube,
            MetricCatalogue catalogue,
            GatewayIdentity identity,
            CubeReader cubes,
            CubeRows rows,
            MerchantRegistry merchants,
            ZoneId defaultZone,
            Clock clock,
            MerchantQuotas quotas) {
        MerchantRoutes merchantRoutes = new MerchantRoutes(merchants, clock);
        InsightsQueries queries = new InsightsQueries(cube, catalogue, rows);
        InsightsRoutes insights =
                new InsightsRoutes(cube, catalogue, queries, cubes, merchants, defaultZone, clock, quotas);
        return routes -> {
            routes.before("/v1/*", identity::require);
            routes.get("/v1/metrics", insights::metrics);
            routes.get("/v1/insights/timeseries", insights::timeseries);
            routes.get("/v1/insights/breakdown", insights::breakdown);
            routes.get("/v1/insights/summary", insights::summary);
            routes.get("/v1/merchants/{merchant_id}", merchantRoutes::get);
            routes.put("/v1/merchants/{merchant_id}", merchantRoutes::put);
            routes.put("/v1/merchants/{merchant_id}/query-quota", merchantRoutes::putQuota);
            routes.delete("/v1/merchants/{merchant_id}/query-quota", merchantRoutes::removeQuota);
        };
    }

    /** Merchant keys imply their merchant; platform and admin keys name one with merchant_id. */
    static MerchantId targetMerchant(Context ctx, Identity caller) {
        String asked = ctx.queryParam("merchant_id");
        MerchantId target;
        if (asked != null) {
            if (!MerchantId.isValid(asked)) {
                throw new InsightsException(
                        ErrorCode.INVALID_PARAMETER, "merchant_id is not a valid merchant id", "merchant_id");
            }
            target = new MerchantId(asked);
        } else if (caller.merchant().isPresent()) {
            target = caller.merchant().get();
        } else {
            throw new InsightsException(
                    ErrorCode.INVALID_PARAMETER,
                    "a " + caller.scope().wireName() + " key must name the merchant with merchant_id",
                    "merchant_id");
        }
        if (!caller.mayRead(target) || caller.scope() == Scope.MERCHANT_WRITE) {
            throw new InsightsException(ErrorCode.MERCHANT_FORBIDDEN, null, "merchant_id");
        }
        return target;
    }
}
