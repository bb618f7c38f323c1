package com.merchantinsights.events;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.ServiceRunner;

/** The events API as its own deployment (the container image's entry point): settings from the environment. */
public final class EventsApiMain {
    private EventsApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        EnvironmentSettings settings = EnvironmentSettings.fromSystem();
        ServiceRunner.runUntilStopped(
                "events-api",
                EventsApi.start(EventsApiConfig.fromEnvironment(settings)),
                settings.duration("DRAIN_DELAY", ServiceRunner.DEFAULT_DRAIN_DELAY));
    }
}
