package com.merchantinsights.insights;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the insights API.
 *
 * @param defaultZone the zone of merchants that have not registered one (the platform's default)
 * @param queryBounds what one query may cost the warehouse
 */
public record InsightsApiConfig(
        String host,
        int port,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String identityKeys,
        ZoneId defaultZone,
        QueryBounds queryBounds) {
    public InsightsApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        IdentityKeys.parseVerificationKeys(Objects.requireNonNull(identityKeys, "identityKeys"));
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(queryBounds, "queryBounds");
    }

    /** With the default {@link QueryBounds}. */
    public InsightsApiConfig(
            String host,
            int port,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String identityKeys,
            ZoneId defaultZone) {
        this(host, port, jdbcUrl, jdbcUser, jdbcPassword, identityKeys, defaultZone, QueryBounds.DEFAULT);
    }

    /**
     * {@code INSIGHTS_JDBC_URL}, {@code INSIGHTS_JDBC_USER}, {@code INSIGHTS_JDBC_PASSWORD} and
     * {@code INSIGHTS_IDENTITY_VERIFICATION_KEYS} (required), {@code INSIGHTS_HTTP_HOST} (0.0.0.0), {@code INSIGHTS_HTTP_PORT}
     * (8080), {@code INSIGHTS_DEFAULT_ZONE} (UTC), and the {@link QueryBounds#fromEnvironment query bounds}.
     */
    public static InsightsApiConfig fromEnvironment(EnvironmentSettings env) {
        return new InsightsApiConfig(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("HTTP_PORT", 8080),
                env.required("JDBC_URL"),
                env.required("JDBC_USER"),
                env.required("JDBC_PASSWORD"),
                env.required("IDENTITY_VERIFICATION_KEYS"),
                ZoneId.of(env.string("DEFAULT_ZONE", "UTC")),
                QueryBounds.fromEnvironment(env));
    }

    /** Every setting but the password, which a log line must not carry. */
    @Override
    public String toString() {
        return "InsightsApiConfig[host=" + host + ", port=" + port + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser
                + ", jdbcPassword=***, identityKeys=" + identityKeys + ", defaultZone=" + defaultZone + ", queryBounds="
                + queryBounds + "]";
    }
}
