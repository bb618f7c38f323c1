package com.merchantinsights.insights;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.IdentityToken;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.insights.query.CubeStore;
import com.merchantinsights.insights.query.InsightsQueries;
import com.merchantinsights.service.Drain;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.ServiceApp;
import com.merchantinsights.service.ServiceRunner;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/**
 * The insights API service: the metrics catalogue, time series, breakdowns and summaries of a merchant's cubes
 * ({@link InsightsRoutes}), and the merchant registry ({@link MerchantRoutes}).
 */
public final class InsightsApi implements ServiceRunner.Drainable {
    private final Javalin app;
    private final CubeReader cubes;
    private final MerchantRegistry merchants;
    private final Drain drain;

    private InsightsApi(Javalin app, CubeReader cubes, MerchantRegistry merchants, Drain drain) {
        this.app = app;
        this.cubes = cubes;
        this.merchants = merchants;
        this.drain = drain;
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
        InsightsQueries queries = new InsightsQueries(cube, catalogue, new CubeStore(cubes.dataSource(), cube));
        InsightsRoutes insights = new InsightsRoutes(cube, catalogue, queries, cubes, merchants, config.defaultZone(), clock);
        Drain drain = new Drain();
        Javalin app = ServiceApp.create("insights-api", config.host(), config.port(), registry, drain.readiness(cubes::reachable), routes -> {
            routes.before("/v1/*", identity::require);
            routes.get("/v1/metrics", insights::metrics);
            routes.get("/v1/insights/timeseries", insights::timeseries);
            routes.get("/v1/insights/breakdown", insights::breakdown);
            routes.get("/v1/insights/summary", insights::summary);
            routes.get("/v1/merchants/{merchant_id}", merchantRoutes::get);
            routes.put("/v1/merchants/{merchant_id}", merchantRoutes::put);
        });
        app.start();
        return new InsightsApi(app, cubes, merchants, drain);
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

    public int port() {
        return app.port();
    }

    @Override
    public void drain() {
        drain.begin();
    }

    @Override
    public void close() {
        ServiceApp.stop(app);
        cubes.close();
        merchants.close();
    }
}
