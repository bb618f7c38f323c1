package com.merchantinsights.insights;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the insights API.
 *
 * @param jdbcUrl      where the cube queries read: in a cluster the warehouse's read replicas (CloudNativePG's
 *                     {@code -ro} service)
 * @param defaultZone  the zone of merchants that have not registered one (the platform's default)
 * @param queryBounds  what one query may cost the warehouse
 * @param jdbcWriteUrl where the merchant registry reads and writes: the primary ({@code -rw}), since a replica refuses
 *                     writes and may not have a registration made a moment ago; the same as {@code jdbcUrl} locally
 * @param merchantQuota each merchant's query budget in this instance unless the registry holds its own (issue 24)
 */
public record InsightsApiConfig(
        String host,
        int port,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String identityKeys,
        ZoneId defaultZone,
        QueryBounds queryBounds,
        String jdbcWriteUrl,
        MerchantQuotas.Quota merchantQuota) {
    public InsightsApiConfig {
        Objects.requireNonNull(merchantQuota, "merchantQuota");
        Objects.requireNonNull(jdbcWriteUrl, "jdbcWriteUrl");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        IdentityKeys.parseVerificationKeys(Objects.requireNonNull(identityKeys, "identityKeys"));
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(queryBounds, "queryBounds");
    }

    /** One warehouse URL for reads and writes (a single PostgreSQL, as locally), the default merchant query quota. */
    public InsightsApiConfig(
            String host,
            int port,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String identityKeys,
            ZoneId defaultZone,
            QueryBounds queryBounds) {
        this(
                host,
                port,
                jdbcUrl,
                jdbcUser,
                jdbcPassword,
                identityKeys,
                defaultZone,
                queryBounds,
                jdbcUrl,
                MerchantQuotas.Quota.DEFAULT);
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
     * (8080), {@code INSIGHTS_DEFAULT_ZONE} (UTC), the {@link QueryBounds#fromEnvironment query bounds}, and
     * {@code INSIGHTS_JDBC_WRITE_URL} (the primary, for the merchant registry; default {@code INSIGHTS_JDBC_URL}),
     * {@code INSIGHTS_MERCHANT_QUERIES_PER_SECOND} (20) and {@code INSIGHTS_MERCHANT_CONCURRENT_QUERIES} (4): each
     * merchant's default query budget in one instance.
     */
    public static InsightsApiConfig fromEnvironment(EnvironmentSettings env) {
        String readUrl = env.required("JDBC_URL");
        return new InsightsApiConfig(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("HTTP_PORT", 8080),
                readUrl,
                env.required("JDBC_USER"),
                env.required("JDBC_PASSWORD"),
                env.required("IDENTITY_VERIFICATION_KEYS"),
                ZoneId.of(env.string("DEFAULT_ZONE", "UTC")),
                QueryBounds.fromEnvironment(env),
                env.string("JDBC_WRITE_URL", readUrl),
                new MerchantQuotas.Quota(
                        env.integer("MERCHANT_QUERIES_PER_SECOND", MerchantQuotas.Quota.DEFAULT.queriesPerSecond()),
                        env.integer("MERCHANT_CONCURRENT_QUERIES", MerchantQuotas.Quota.DEFAULT.concurrentQueries())));
    }

    /** Every setting but the password, which a log line must not carry. */
    @Override
    public String toString() {
        return "InsightsApiConfig[host=" + host + ", port=" + port + ", jdbcUrl=" + jdbcUrl + ", jdbcWriteUrl="
                + jdbcWriteUrl + ", jdbcUser=" + jdbcUser
                + ", jdbcPassword=***, identityKeys=" + identityKeys + ", defaultZone=" + defaultZone + ", queryBounds="
                + queryBounds + ", merchantQuota=" + merchantQuota + "]";
    }
}
