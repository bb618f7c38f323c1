package com.merchantinsights.gateway;

import com.merchantinsights.gateway.keys.ApiKeyStoreConfig;
import com.merchantinsights.gateway.keys.PostgresApiKeys;
import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.ServiceRunner;
import com.merchantinsights.service.keys.KeyAdmin;
import java.util.Optional;

/**
 * The gateway as its own deployment (the container image's entry point): settings from the environment, API keys
 * from the warehouse named by {@code INSIGHTS_JDBC_URL}, {@code INSIGHTS_JDBC_USER}, {@code INSIGHTS_JDBC_PASSWORD}.
 */
public final class GatewayMain {
    private GatewayMain() {}

    public static void main(String[] args) throws InterruptedException {
        EnvironmentSettings settings = EnvironmentSettings.fromSystem();
        GatewayConfig config = GatewayConfig.fromEnvironment(settings);
        String jdbcUrl = settings.required("JDBC_URL");
        String user = settings.required("JDBC_USER");
        String password = settings.required("JDBC_PASSWORD");
        PostgresApiKeys keys = PostgresApiKeys.start(ApiKeyStoreConfig.defaults(jdbcUrl, user, password));
        Gateway gateway = Gateway.start(config, keys, Optional.of(KeyAdmin.forWarehouse(jdbcUrl, user, password)));
        ServiceRunner.runUntilStopped(
                "gateway",
                new ServiceRunner.Drainable() {
                    @Override
                    public void drain() {
                        gateway.drain();
                    }

                    @Override
                    public void close() {
                        gateway.close();
                        keys.close();
                    }
                },
                settings.duration("DRAIN_DELAY", ServiceRunner.DEFAULT_DRAIN_DELAY));
    }
}
