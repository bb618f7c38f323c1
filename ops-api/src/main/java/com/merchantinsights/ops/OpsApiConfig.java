package com.merchantinsights.ops;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the operations service.
 *
 * @param host              address to bind
 * @param port              HTTP port
 * @param driverControl     the Spark driver's control port (loopback locally)
 * @param driverTokenFile   the file the driver writes its per-start control token to (decision 0037)
 * @param jdbcUrl           the warehouse (key descriptions, the audit)
 * @param jdbcUser          its user
 * @param jdbcPassword      its password
 * @param identityKeys      the gateway's public keys, one or two {@code <key id>:<base64 SubjectPublicKeyInfo>}
 */
public record OpsApiConfig(
        String host,
        int port,
        URI driverControl,
        Path driverTokenFile,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String identityKeys) {
    public OpsApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(driverControl, "driverControl");
        Objects.requireNonNull(driverTokenFile, "driverTokenFile");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        IdentityKeys.parseVerificationKeys(Objects.requireNonNull(identityKeys, "identityKeys"));
    }

    /**
     * {@code INSIGHTS_DRIVER_CONTROL_URL}, {@code INSIGHTS_DRIVER_TOKEN_FILE}, {@code INSIGHTS_JDBC_URL},
     * {@code INSIGHTS_JDBC_USER}, {@code INSIGHTS_JDBC_PASSWORD} and {@code INSIGHTS_IDENTITY_VERIFICATION_KEYS}
     * (required), {@code INSIGHTS_HTTP_HOST} (0.0.0.0), {@code INSIGHTS_HTTP_PORT} (8080).
     */
    public static OpsApiConfig fromEnvironment(EnvironmentSettings env) {
        return new OpsApiConfig(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("HTTP_PORT", 8080),
                URI.create(env.required("DRIVER_CONTROL_URL")),
                Path.of(env.required("DRIVER_TOKEN_FILE")),
                env.required("JDBC_URL"),
                env.required("JDBC_USER"),
                env.required("JDBC_PASSWORD"),
                env.required("IDENTITY_VERIFICATION_KEYS"));
    }

    /** Every setting but the password, which a log line must not carry. */
    @Override
    public String toString() {
        return "OpsApiConfig[host=" + host + ", port=" + port + ", driverControl=" + driverControl
                + ", driverTokenFile=" + driverTokenFile + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser
                + ", jdbcPassword=***, identityKeys=" + identityKeys + "]";
    }
}
