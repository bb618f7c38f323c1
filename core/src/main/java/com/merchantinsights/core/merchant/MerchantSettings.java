package com.merchantinsights.core.merchant;

import com.merchantinsights.core.event.CurrencyUnits;
import com.merchantinsights.core.event.MerchantId;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A merchant's registered calendar and currency: the IANA time zone its hours, days, weeks and months are cut
 * in, the day its weeks start (Monday unless it says otherwise), and the currency it reports in.
 */
public record MerchantSettings(
        MerchantId merchantId, String displayName, ZoneId timeZone, DayOfWeek weekStart, String reportingCurrency) {
    public static final int MAX_DISPLAY_NAME = 200;

    public MerchantSettings {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(weekStart, "weekStart");
        Objects.requireNonNull(reportingCurrency, "reportingCurrency");
        if (displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME) {
            throw new IllegalArgumentException("display_name must have 1 to " + MAX_DISPLAY_NAME + " characters");
        }
        if (!isRegionZone(timeZone.getId())) {
            throw new IllegalArgumentException("time_zone must be an IANA region such as Asia/Kolkata");
        }
        if (CurrencyUnits.exponent(reportingCurrency).isEmpty()) {
            throw new IllegalArgumentException("reporting_currency must be an ISO 4217 code such as INR");
        }
    }

    /**
     * IANA region ids only ("Asia/Kolkata", "UTC"), not fixed offsets ("+05:30"): an offset has no DST rules, so a
     * merchant's calendar would silently drift twice a year.
     */
    public static boolean isRegionZone(String id) {
        return id != null && ZoneId.getAvailableZoneIds().contains(id);
    }
}
