package com.merchantinsights.ops;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.ServiceRunner;

/** The operations service as its own deployment (the container image's entry point): settings from the environment. */
public final class OpsApiMain {
    private OpsApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        EnvironmentSettings settings = EnvironmentSettings.fromSystem();
        ServiceRunner.runUntilStopped(
                "ops-api",
                OpsApi.start(OpsApiConfig.fromEnvironment(settings)),
                settings.duration("DRAIN_DELAY", ServiceRunner.DEFAULT_DRAIN_DELAY));
    }
}
