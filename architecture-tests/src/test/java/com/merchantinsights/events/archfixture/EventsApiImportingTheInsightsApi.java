package com.merchantinsights.events.archfixture;

import com.merchantinsights.insights.InsightsApiConfig;

/** Breaks the deployables rule on purpose (ModuleRulesTest): the events API reaching into the insights API. */
public final class EventsApiImportingTheInsightsApi {
    public String describe(InsightsApiConfig config) {
        return config.toString();
    }
}
