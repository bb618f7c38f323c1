package com.merchantinsights.core.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How every Kafka client of ours logs in to the brokers (decision 0049): nothing on the local stack, SCRAM over SASL in a
 * cluster, where Strimzi's User Operator writes each workload's {@code sasl.jaas.config} into the Secret of its
 * {@code KafkaUser} and the chart hands it to the pod as {@code INSIGHTS_KAFKA_SASL_JAAS_CONFIG}. Read from the process
 * environment where a client's settings are built, so that producers, consumers, admin clients and the Spark source
 * all log in the same way.
 *
 * @param securityProtocol {@code PLAINTEXT} (no login), {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 * @param saslMechanism    {@code SCRAM-SHA-512} (Strimzi's) or {@code SCRAM-SHA-256}; null without a login
 * @param jaasConfig       the {@code ScramLoginModule} line with the user and password; null without a login
 * @param trustedCaFile    for {@code SASL_SSL}: a PEM file of the cluster CA (Strimzi's {@code <cluster>-cluster-ca-cert}),
 *                         or null for the JVM's trust store
 */
public record KafkaClientLogin(String securityProtocol, String saslMechanism, String jaasConfig, String trustedCaFile) {
    public static final String JAAS_CONFIG_ENV = "INSIGHTS_KAFKA_SASL_JAAS_CONFIG";
    public static final String SECURITY_PROTOCOL_ENV = "INSIGHTS_KAFKA_SECURITY_PROTOCOL";
    public static final String SASL_MECHANISM_ENV = "INSIGHTS_KAFKA_SASL_MECHANISM";
    public static final String TRUSTED_CA_FILE_ENV = "INSIGHTS_KAFKA_TRUSTED_CA_FILE";

    /** The local stack's brokers: plain connections, no login. */
    public static final KafkaClientLogin NONE = new KafkaClientLogin("PLAINTEXT", null, null, null);

    private static final Set<String> SASL_PROTOCOLS = Set.of("SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256");

    public KafkaClientLogin {
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        if ("PLAINTEXT".equals(securityProtocol)) {
            if (jaasConfig != null || saslMechanism != null) {
                throw new IllegalArgumentException("a PLAINTEXT connection takes no login");
            }
        } else if (!SASL_PROTOCOLS.contains(securityProtocol)) {
            throw new IllegalArgumentException(
                    "security protocol must be PLAINTEXT, SASL_PLAINTEXT or SASL_SSL: " + securityProtocol);
        } else {
            if (jaasConfig == null || jaasConfig.isBlank()) {
                throw new IllegalArgumentException(securityProtocol + " needs " + JAAS_CONFIG_ENV);
            }
            if (!MECHANISMS.contains(saslMechanism)) {
                throw new IllegalArgumentException(
                        "SASL mechanism must be SCRAM-SHA-512 or SCRAM-SHA-256: " + saslMechanism);
            }
        }
        if (trustedCaFile != null && !"SASL_SSL".equals(securityProtocol)) {
            throw new IllegalArgumentException("a trusted CA file is for SASL_SSL only: " + securityProtocol);
        }
    }

    /** This process's login: {@link #from} on the environment. */
    public static KafkaClientLogin fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * No {@code INSIGHTS_KAFKA_SASL_JAAS_CONFIG}: {@link #NONE}. With it, SCRAM-SHA-512 over {@code SASL_PLAINTEXT}
     * unless {@code INSIGHTS_KAFKA_SECURITY_PROTOCOL} / {@code INSIGHTS_KAFKA_SASL_MECHANISM} say otherwise, and
     * {@code INSIGHTS_KAFKA_TRUSTED_CA_FILE} for {@code SASL_SSL}. A half-given login fails here, at start-up.
     */
    public static KafkaClientLogin from(Map<String, String> env) {
        String jaas = blankToNull(env.get(JAAS_CONFIG_ENV));
        String protocol = blankToNull(env.get(SECURITY_PROTOCOL_ENV));
        if (jaas == null) {
            if (protocol != null && !"PLAINTEXT".equals(protocol)) {
                throw new IllegalArgumentException(
                        SECURITY_PROTOCOL_ENV + "=" + protocol + " needs " + JAAS_CONFIG_ENV);
            }
            return NONE;
        }
        String mechanism = blankToNull(env.get(SASL_MECHANISM_ENV));
        return new KafkaClientLogin(
                protocol == null ? "SASL_PLAINTEXT" : protocol,
                mechanism == null ? "SCRAM-SHA-512" : mechanism,
                jaas,
                blankToNull(env.get(TRUSTED_CA_FILE_ENV)));
    }

    /** The client settings this login adds (none for {@link #NONE}), as Kafka's clients name them. */
    public Map<String, String> clientSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (jaasConfig == null) {
            return settings;
        }
        settings.put("security.protocol", securityProtocol);
        settings.put("sasl.mechanism", saslMechanism);
        settings.put("sasl.jaas.config", jaasConfig);
        if (trustedCaFile != null) {
            settings.put("ssl.truststore.type", "PEM");
            settings.put("ssl.truststore.location", trustedCaFile);
        }
        return settings;
    }

    /** Adds {@link #clientSettings()} to a client's properties. */
    public Properties applyTo(Properties clientProperties) {
        clientProperties.putAll(clientSettings());
        return clientProperties;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return jaasConfig == null
                ? "KafkaClientLogin[PLAINTEXT]"
                : "KafkaClientLogin[" + securityProtocol + ", " + saslMechanism + ", jaasConfig=<redacted>"
                        + (trustedCaFile == null ? "" : ", trustedCaFile=" + trustedCaFile) + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
