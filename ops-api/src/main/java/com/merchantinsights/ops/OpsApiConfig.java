package com.merchantinsights.ops;

import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.reconcile.Reconciler;
import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the operations service.
 *
 * @param host              address to bind
 * @param port              HTTP port
 * @param driverControl     the Spark driver's control port (loopback locally); null where no driver serves one (a
 *                          cluster, decision 0051): the routes it serves answer 503
 * @param driverTokenFile   the file the driver writes its per-start control token to (decision 0037); null with it
 * @param jdbcUrl           the warehouse (key descriptions, the audit)
 * @param jdbcUser          its user
 * @param jdbcPassword      its password
 * @param identityKeys      the gateway's public keys, one or two {@code <key id>:<base64 SubjectPublicKeyInfo>}
 * @param engines           the engines and the cube feed the reconciliation reads and the dead-letter re-drive
 *                          writes; empty: neither route
 * @param sparkJobTemplate  in a cluster, the SparkApplication the chart renders for one-off acts (decision 0052):
 *                          with it the Spark acts run as SparkApplications and the run log is read here; never with a
 *                          driver control port
 * @param sparkJobNamespace the namespace to create them in; empty: the service account's own
 */
public record OpsApiConfig(
        String host,
        int port,
        URI driverControl,
        Path driverTokenFile,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String identityKeys,
        Optional<Reconciler.Sources> engines,
        Optional<Path> sparkJobTemplate,
        Optional<String> sparkJobNamespace,
        List<PseudonymKey> pseudonymKeys) {
    public OpsApiConfig {
        pseudonymKeys = List.copyOf(Objects.requireNonNull(pseudonymKeys, "pseudonymKeys"));
        Objects.requireNonNull(host, "host");
        if ((driverControl == null) != (driverTokenFile == null)) {
            throw new IllegalArgumentException("the driver's control URL and token file go together");
        }
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        IdentityKeys.parseVerificationKeys(Objects.requireNonNull(identityKeys, "identityKeys"));
        Objects.requireNonNull(engines, "engines");
        Objects.requireNonNull(sparkJobTemplate, "sparkJobTemplate");
        Objects.requireNonNull(sparkJobNamespace, "sparkJobNamespace");
        if (driverControl != null && sparkJobTemplate.isPresent()) {
            throw new IllegalArgumentException(
                    "a driver control port and one-off SparkApplications exclude each other: the acts run on one");
        }
    }

    /** Settings without the cluster's SparkApplications (the local stack, tests). */
    public OpsApiConfig(
            String host,
            int port,
            URI driverControl,
            Path driverTokenFile,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String identityKeys,
            Optional<Reconciler.Sources> engines) {
        this(
                host,
                port,
                driverControl,
                driverTokenFile,
                jdbcUrl,
                jdbcUser,
                jdbcPassword,
                identityKeys,
                engines,
                Optional.empty(),
                Optional.empty(),
                List.of());
    }

    /** Settings without the cluster's SparkApplications, with the pseudonym keys (current first) the events API uses. */
    public OpsApiConfig(
            String host,
            int port,
            URI driverControl,
            Path driverTokenFile,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String identityKeys,
            Optional<Reconciler.Sources> engines,
            List<PseudonymKey> pseudonymKeys) {
        this(
                host,
                port,
                driverControl,
                driverTokenFile,
                jdbcUrl,
                jdbcUser,
                jdbcPassword,
                identityKeys,
                engines,
                Optional.empty(),
                Optional.empty(),
                pseudonymKeys);
    }

    /** The key new events are pseudonymised with, if the installation pseudonymises. */
    public Optional<PseudonymKey> currentPseudonymKey() {
        return pseudonymKeys.stream().findFirst();
    }

    /**
     * {@code INSIGHTS_JDBC_URL}, {@code INSIGHTS_JDBC_USER}, {@code INSIGHTS_JDBC_PASSWORD} and
     * {@code INSIGHTS_IDENTITY_VERIFICATION_KEYS} (required), {@code INSIGHTS_DRIVER_CONTROL_URL} with
     * {@code INSIGHTS_DRIVER_TOKEN_FILE} (none: no driver routes), or in a cluster {@code INSIGHTS_SPARK_JOB_TEMPLATE}
     * with {@code INSIGHTS_SPARK_JOB_NAMESPACE} (the service account's namespace without it),
     * {@code INSIGHTS_HTTP_HOST} (0.0.0.0),
     * {@code INSIGHTS_HTTP_PORT} (8080); for the reconciliation and
     * the re-drive
     * {@code INSIGHTS_KAFKA_BOOTSTRAP}, {@code INSIGHTS_CASSANDRA_HOST} (comma-separated: every node a contact point), {@code INSIGHTS_CASSANDRA_PORT} (9042),
     * {@code INSIGHTS_CASSANDRA_DC}, {@code INSIGHTS_CASSANDRA_USER}, {@code INSIGHTS_CASSANDRA_PASSWORD} and
     * {@code INSIGHTS_FEED_DIR} (without {@code INSIGHTS_KAFKA_BOOTSTRAP}: no reconcile or re-drive route);
     * {@code INSIGHTS_PSEUDONYM_KEY} (the events API's current key, when it pseudonymises) and
     * {@code INSIGHTS_PSEUDONYM_RETIRED_KEYS} (comma-separated keys rotated out, still needed to find a person).
     */
    public static OpsApiConfig fromEnvironment(EnvironmentSettings env) {
        Optional<Reconciler.Sources> engines = env.string("KAFKA_BOOTSTRAP", "").isBlank()
                ? Optional.empty()
                : Optional.of(new Reconciler.Sources(
                        env.required("KAFKA_BOOTSTRAP"),
                        java.util.Arrays.stream(env.required("CASSANDRA_HOST").split(","))
                                .map(host -> InetSocketAddress.createUnresolved(
                                        host.strip(), env.integer("CASSANDRA_PORT", 9042)))
                                .toList(),
                        env.required("CASSANDRA_DC"),
                        env.required("JDBC_URL"),
                        env.required("JDBC_USER"),
                        env.required("JDBC_PASSWORD"),
                        env.string("CASSANDRA_USER", ""),
                        env.string("CASSANDRA_PASSWORD", ""),
                        env.required("FEED_DIR")));
        boolean driver = !env.string("DRIVER_CONTROL_URL", "").isBlank();
        return new OpsApiConfig(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("HTTP_PORT", 8080),
                driver ? URI.create(env.required("DRIVER_CONTROL_URL")) : null,
                driver ? Path.of(env.required("DRIVER_TOKEN_FILE")) : null,
                env.required("JDBC_URL"),
                env.required("JDBC_USER"),
                env.required("JDBC_PASSWORD"),
                env.required("IDENTITY_VERIFICATION_KEYS"),
                engines,
                Optional.of(env.string("SPARK_JOB_TEMPLATE", ""))
                        .filter(path -> !path.isBlank())
                        .map(Path::of),
                Optional.of(env.string("SPARK_JOB_NAMESPACE", "")).filter(namespace -> !namespace.isBlank()),
                pseudonymKeys(env.string("PSEUDONYM_KEY", ""), env.string("PSEUDONYM_RETIRED_KEYS", "")));
    }

    /** The current key first, then the retired ones; none when the current one is blank. */
    static List<PseudonymKey> pseudonymKeys(String current, String retired) {
        if (current.isBlank()) {
            if (!retired.isBlank()) {
                throw new IllegalArgumentException("retired pseudonym keys without a current one");
            }
            return List.of();
        }
        List<PseudonymKey> keys = new java.util.ArrayList<>();
        keys.add(PseudonymKey.parse(current.strip()));
        for (String key : retired.split(",")) {
            if (!key.isBlank()) {
                keys.add(PseudonymKey.parse(key.strip()));
            }
        }
        return keys;
    }

    /** Every setting but the password, which a log line must not carry. */
    @Override
    public String toString() {
        return "OpsApiConfig[host=" + host + ", port=" + port + ", driverControl=" + driverControl
                + ", driverTokenFile=" + driverTokenFile + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser
                + ", jdbcPassword=***, identityKeys=" + identityKeys + ", engines=" + engines + ", sparkJobTemplate="
                + sparkJobTemplate + ", sparkJobNamespace=" + sparkJobNamespace + ", pseudonymKeys=" + pseudonymKeys
                + "]";
    }
}
