package com.merchantinsights.core.identity;

import java.util.Locale;

/** What an API key may do (decision 0003). */
public enum Scope {
    /** Write events for any merchant; read any merchant with an explicit merchant_id; register merchants. */
    PLATFORM,
    /** Write events of its own merchant. */
    MERCHANT_WRITE,
    /** Read insights and settings of its own merchant (what the dashboard uses). */
    MERCHANT_READ,
    /** Keys, merchants, reprocessing, dead letters. */
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scope fromWireName(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
