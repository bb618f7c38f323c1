package com.merchantinsights.events;

import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the events API.
 *
 * @param host               address to bind
 * @param port               HTTP port
 * @param kafkaBootstrap     Kafka bootstrap servers
 * @param signingSecret      the secret the gateway signs identities with
 * @param kafkaAckTimeout    how long a request waits for Kafka before answering 503
 * @param futureTolerance    how far in the future occurred_at may be (client clock skew)
 * @param lateEventHorizon   how far in the past occurred_at may be (the raw store's retention)
 */
public record EventsApiConfig(
        String host,
        int port,
        String kafkaBootstrap,
        String signingSecret,
        Duration kafkaAckTimeout,
        Duration futureTolerance,
        Duration lateEventHorizon) {
    public EventsApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(kafkaAckTimeout, "kafkaAckTimeout");
        Objects.requireNonNull(futureTolerance, "futureTolerance");
        Objects.requireNonNull(lateEventHorizon, "lateEventHorizon");
    }

    /**
     * {@code INSIGHTS_KAFKA_BOOTSTRAP} and {@code INSIGHTS_SIGNING_SECRET} (required), {@code INSIGHTS_HTTP_HOST}
     * (0.0.0.0), {@code INSIGHTS_HTTP_PORT} (8080), {@code INSIGHTS_KAFKA_ACK_TIMEOUT} (PT10S),
     * {@code INSIGHTS_FUTURE_TOLERANCE} (PT15M), {@code INSIGHTS_LATE_EVENT_HORIZON} (P90D).
     */
    public static EventsApiConfig fromEnvironment(EnvironmentSettings env) {
        EventsApiConfig defaults = defaults("unused", "unused", 8080);
        return new EventsApiConfig(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("HTTP_PORT", 8080),
                env.required("KAFKA_BOOTSTRAP"),
                env.required("SIGNING_SECRET"),
                env.duration("KAFKA_ACK_TIMEOUT", defaults.kafkaAckTimeout()),
                env.duration("FUTURE_TOLERANCE", defaults.futureTolerance()),
                env.duration("LATE_EVENT_HORIZON", defaults.lateEventHorizon()));
    }

    public static EventsApiConfig defaults(String kafkaBootstrap, String signingSecret, int port) {
        return new EventsApiConfig(
                "127.0.0.1",
                port,
                kafkaBootstrap,
                signingSecret,
                Duration.ofSeconds(10),
                Duration.ofMinutes(15),
                RawEventLayout.DEFAULT_RETENTION);
    }

    /** Every setting but the signing secret, which a log line must not carry. */
    @Override
    public String toString() {
        return "EventsApiConfig[host=" + host + ", port=" + port + ", kafkaBootstrap=" + kafkaBootstrap
                + ", signingSecret=***, kafkaAckTimeout=" + kafkaAckTimeout + ", futureTolerance=" + futureTolerance
                + ", lateEventHorizon=" + lateEventHorizon + "]";
    }
}
