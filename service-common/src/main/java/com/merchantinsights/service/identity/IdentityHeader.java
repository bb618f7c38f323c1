package com.merchantinsights.service.identity;

/** The header the gateway forwards a caller's signed identity in; a client's own value never reaches a backend. */
public final class IdentityHeader {
    public static final String NAME = "X-Insights-Identity";

    private IdentityHeader() {}
}
