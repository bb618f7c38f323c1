package com.merchantinsights.insights;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the insights API.
 *
 * @param defaultZone the zone of merchants that have not registered one (the platform's default)
 */
public record InsightsApiConfig(String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword,
                                String signingSecret, ZoneId defaultZone) {
    public InsightsApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(defaultZone, "defaultZone");
    }
}
