package com.merchantinsights.events;

import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the events API.
 *
 * @param host               address to bind
 * @param port               HTTP port
 * @param kafkaBootstrap     Kafka bootstrap servers
 * @param identityKeys       the gateway's public keys, one or two {@code <key id>:<base64 SubjectPublicKeyInfo>}
 * @param kafkaAckTimeout    how long a request waits for Kafka before answering 503
 * @param futureTolerance    how far in the future occurred_at may be (client clock skew)
 * @param lateEventHorizon   how far in the past occurred_at may be (the raw store's retention)
 * @param pseudonymKey       with it, customer_id and anonymous_id are published as pseudonyms (issue 23)
 */
public record EventsApiConfig(
        String host,
        int port,
        String kafkaBootstrap,
        String identityKeys,
        Duration kafkaAckTimeout,
        Duration futureTolerance,
        Duration lateEventHorizon,
        Optional<PseudonymKey> pseudonymKey) {
    public EventsApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        IdentityKeys.parseVerificationKeys(Objects.requireNonNull(identityKeys, "identityKeys"));
        Objects.requireNonNull(kafkaAckTimeout, "kafkaAckTimeout");
        Objects.requireNonNull(futureTolerance, "futureTolerance");
        Objects.requireNonNull(lateEventHorizon, "lateEventHorizon");
        Objects.requireNonNull(pseudonymKey, "pseudonymKey");
    }

    /** Settings that publish identifiers as sent. */
    public EventsApiConfig(
            String host,
            int port,
            String kafkaBootstrap,
            String identityKeys,
            Duration kafkaAckTimeout,
            Duration futureTolerance,
            Duration lateEventHorizon) {
        this(
                host,
                port,
                kafkaBootstrap,
                identityKeys,
                kafkaAckTimeout,
                futureTolerance,
                lateEventHorizon,
                Optional.empty());
    }

    /**
     * {@code INSIGHTS_KAFKA_BOOTSTRAP} and {@code INSIGHTS_IDENTITY_VERIFICATION_KEYS} (required), {@code INSIGHTS_HTTP_HOST}
     * (0.0.0.0), {@code INSIGHTS_HTTP_PORT} (8080), {@code INSIGHTS_KAFKA_ACK_TIMEOUT} (PT10S),
     * {@code INSIGHTS_FUTURE_TOLERANCE} (PT15M), {@code INSIGHTS_LATE_EVENT_HORIZON} (P90D),
     * {@code INSIGHTS_PSEUDONYM_KEY} ({@code <key id>:<base64 secret>}; none: identifiers as sent).
     */
    public static EventsApiConfig fromEnvironment(EnvironmentSettings env) {
        String identityKeys = env.required("IDENTITY_VERIFICATION_KEYS");
        EventsApiConfig defaults = defaults("unused", identityKeys, 8080);
        return new EventsApiConfig(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("HTTP_PORT", 8080),
                env.required("KAFKA_BOOTSTRAP"),
                identityKeys,
                env.duration("KAFKA_ACK_TIMEOUT", defaults.kafkaAckTimeout()),
                env.duration("FUTURE_TOLERANCE", defaults.futureTolerance()),
                env.duration("LATE_EVENT_HORIZON", defaults.lateEventHorizon()),
                Optional.of(env.string("PSEUDONYM_KEY", ""))
                        .filter(key -> !key.isBlank())
                        .map(PseudonymKey::parse));
    }

    public static EventsApiConfig defaults(String kafkaBootstrap, String identityKeys, int port) {
        return new EventsApiConfig(
                "127.0.0.1",
                port,
                kafkaBootstrap,
                identityKeys,
                Duration.ofSeconds(10),
                Duration.ofMinutes(15),
                RawEventLayout.DEFAULT_RETENTION);
    }

    /** Every setting (the identity keys are public ones; the pseudonym key shows its id only). */
    @Override
    public String toString() {
        return "EventsApiConfig[host=" + host + ", port=" + port + ", kafkaBootstrap=" + kafkaBootstrap
                + ", identityKeys=" + identityKeys + ", kafkaAckTimeout=" + kafkaAckTimeout + ", futureTolerance="
                + futureTolerance
                + ", lateEventHorizon=" + lateEventHorizon + ", pseudonymKey=" + pseudonymKey + "]";
    }
}
