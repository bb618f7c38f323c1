package com.merchantinsights.ops;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.keys.IssuedApiKey;
import com.merchantinsights.service.keys.KeyAdmin;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart's install tasks, run by Helm hook Jobs on the operations service's image (decision 0052): {@code migrate}
 * applies the warehouse migrations on the primary; {@code bootstrap-admin} makes the first admin key when none is
 * active and writes it into a Secret of the release's namespace, never to a log. Both wait for the warehouse, which
 * CloudNativePG is still creating on a first install. Settings: the service's {@code INSIGHTS_JDBC_URL},
 * {@code INSIGHTS_JDBC_USER}, {@code INSIGHTS_JDBC_PASSWORD}; for the key {@code INSIGHTS_ADMIN_KEY_SECRET} (the
 * Secret's name) and {@code INSIGHTS_ADMIN_KEY_NAMESPACE}.
 */
public final class OpsTasks {
    /** The Secret's key holding the admin key, as `bin/insights --key-file` reads it. */
    static final String KEY_FILE = "admin.key";

    static final Duration WAREHOUSE_WAIT = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(OpsTasks.class);

    private OpsTasks() {}

    public static void main(String[] args) throws Exception {
        EnvironmentSettings env = EnvironmentSettings.fromSystem();
        String task = args.length == 1 ? args[0] : "";
        int exit;
        switch (task) {
            case "migrate" -> exit = migrate(jdbc(env));
            case "bootstrap-admin" -> {
                try (KubernetesClient kubernetes = new KubernetesClientBuilder().build()) {
                    exit = bootstrapAdmin(
                            jdbc(env),
                            kubernetes,
                            env.required("ADMIN_KEY_NAMESPACE"),
                            env.required("ADMIN_KEY_SECRET"));
                }
            }
            default -> {
                System.err.println("usage: OpsTasks migrate | bootstrap-admin");
                exit = 2;
            }
        }
        System.exit(exit);
    }

    /** The warehouse's login, as the service takes it. */
    record Jdbc(String url, String user, String password) {}

    static Jdbc jdbc(EnvironmentSettings env) {
        return new Jdbc(env.required("JDBC_URL"), env.required("JDBC_USER"), env.required("JDBC_PASSWORD"));
    }

    /** Applies what is new of the warehouse migrations (only ever additions: the running release keeps working). */
    static int migrate(Jdbc jdbc) throws InterruptedException {
        awaitWarehouse(jdbc, WAREHOUSE_WAIT);
        Flyway flyway = Flyway.configure()
                .dataSource(jdbc.url(), jdbc.user(), jdbc.password())
                .locations(WarehouseLayout.MIGRATIONS)
                .loggers("slf4j")
                .load();
        var result = flyway.migrate();
        LOG.info(
                "warehouse migrated: {} migration(s) applied, now at version {}",
                result.migrationsExecuted,
                flyway.info().current() == null
                        ? "none"
                        : flyway.info().current().getVersion());
        return 0;
    }

    /**
     * The first admin key into Secret {@code secretName}, when no admin key is active; nothing otherwise (exit 0 both
     * ways). A key whose Secret could not be written is revoked before the task fails, so that a retry makes another.
     */
    static int bootstrapAdmin(Jdbc jdbc, KubernetesClient kubernetes, String namespace, String secretName)
            throws InterruptedException {
        awaitWarehouse(jdbc, WAREHOUSE_WAIT);
        KeyAdmin keys = KeyAdmin.forWarehouse(jdbc.url(), jdbc.user(), jdbc.password());
        Optional<IssuedApiKey> issued = keys.bootstrapAdmin();
        if (issued.isEmpty()) {
            LOG.info("an active admin key exists already: no key made, Secret {} left as it is", secretName);
            return 0;
        }
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(secretName)
                .withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/part-of", "merchant-insights"))
                .withAnnotations(Map.of(
                        "merchant-insights/key-id", issued.get().keyId(),
                        "merchant-insights/created-at", Instant.now().toString()))
                .endMetadata()
                .withType("Opaque")
                .withStringData(Map.of(KEY_FILE, issued.get().secret() + "\n"))
                .build();
        try {
            kubernetes.secrets().inNamespace(namespace).resource(secret).create();
        } catch (KubernetesClientException e) {
            keys.revoke(issued.get().keyId());
            LOG.error(
                    "the first admin key {} was revoked: its Secret {}/{} could not be written ({})",
                    issued.get().keyId(),
                    namespace,
                    secretName,
                    e.getMessage());
            return 1;
        }
        LOG.info(
                "first admin key {} written to Secret {}/{} ({})",
                issued.get().keyId(),
                namespace,
                secretName,
                KEY_FILE);
        return 0;
    }

    private static void awaitWarehouse(Jdbc jdbc, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try (Connection ignored = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password())) {
                return;
            } catch (SQLException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the warehouse did not answer within " + timeout, e);
                }
                LOG.info("waiting for the warehouse: {}", e.getMessage());
                Thread.sleep(5_000);
            }
        }
    }
}
