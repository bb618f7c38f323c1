package com.merchantinsights.ops;

import com.merchantinsights.reconcile.Reconciler;
import com.merchantinsights.service.Drain;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.RunningService;
import com.merchantinsights.service.ServiceApp;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentityVerifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/** The operations service (decision 0039): admin routes behind the gateway, for admin keys only. */
public final class OpsApi extends RunningService {
    private OpsApi(Javalin app, Drain drain, Runnable closeAfterDrain) {
        super(app, drain, closeAfterDrain);
    }

    public static OpsApi start(OpsApiConfig config) {
        return start(config, () -> new KubernetesClientBuilder().build());
    }

    /** With the Kubernetes API client to create the acts' SparkApplications with, when the config gives a template. */
    static OpsApi start(OpsApiConfig config, java.util.function.Supplier<KubernetesClient> kubernetesApi) {
        Clock clock = Clock.systemUTC();
        GatewayIdentity identity = new GatewayIdentity(
                new IdentityVerifier(IdentityKeys.parseVerificationKeys(config.identityKeys()), Audiences.OPS_API),
                clock);
        PGSimpleDataSource warehouse = new PGSimpleDataSource();
        warehouse.setUrl(config.jdbcUrl());
        warehouse.setUser(config.jdbcUser());
        warehouse.setPassword(config.jdbcPassword());
        warehouse.setConnectTimeout(5);
        // A hung connection must not stop the operations' heartbeats for longer than they may miss.
        warehouse.setSocketTimeout(30);
        Optional<KubernetesClient> kubernetes = config.sparkJobTemplate().map(template -> kubernetesApi.get());
        Optional<SparkJobs> sparkJobs = kubernetes.map(client -> new KubernetesSparkJobs(
                client,
                config.sparkJobNamespace().orElseGet(client::getNamespace),
                config.sparkJobTemplate().get()));
        Operations operations = new Operations(clock, warehouse, sparkJobs);
        OpsRoutes routes = new OpsRoutes(
                new DriverClient(config.driverControl(), config.driverTokenFile()),
                operations,
                new RunLog(warehouse, clock),
                warehouse,
                config.engines().map(Reconciler::new),
                config.engines().map(DeadLetterRedrive::new),
                config.pseudonymKeys(),
                config.engines()
                        .map(engines -> ErasureTopics.of(engines.kafkaBootstrapServers()))
                        .orElse(ErasureTopics.NONE));
        Drain drain = new Drain();
        Javalin app = ServiceApp.create(
                "ops-api",
                config.host(),
                config.port(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                drain.readiness(() -> true),
                routes.routes(identity));
        app.start();
        return new OpsApi(app, drain, () -> {
            operations.close();
            kubernetes.ifPresent(KubernetesClient::close);
        });
    }
}
