package com.merchantinsights.service.identity;

/** The backends' names as identity tokens carry them: a token for one is refused by every other. */
public final class Audiences {
    public static final String EVENTS_API = "events-api";
    public static final String INSIGHTS_API = "insights-api";
    public static final String OPS_API = "ops-api";

    private Audiences() {}
}
