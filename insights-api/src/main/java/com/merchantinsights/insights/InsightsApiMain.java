package com.merchantinsights.insights;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.ServiceRunner;

/** The insights API as its own deployment (the container image's entry point): settings from the environment. */
public final class InsightsApiMain {
    private InsightsApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        EnvironmentSettings settings = EnvironmentSettings.fromSystem();
        ServiceRunner.runUntilStopped(
                "insights-api",
                InsightsApi.start(InsightsApiConfig.fromEnvironment(settings)),
                settings.duration("DRAIN_DELAY", ServiceRunner.DEFAULT_DRAIN_DELAY));
    }
}
