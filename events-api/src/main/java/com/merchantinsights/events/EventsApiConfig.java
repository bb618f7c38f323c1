package com.merchantinsights.events;

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
public record EventsApiConfig(String host, int port, String kafkaBootstrap, String signingSecret,
                              Duration kafkaAckTimeout, Duration futureTolerance, Duration lateEventHorizon) {
    public EventsApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(kafkaAckTimeout, "kafkaAckTimeout");
        Objects.requireNonNull(futureTolerance, "futureTolerance");
        Objects.requireNonNull(lateEventHorizon, "lateEventHorizon");
    }

    public static EventsApiConfig defaults(String kafkaBootstrap, String signingSecret, int port) {
        return new EventsApiConfig("127.0.0.1", port, kafkaBootstrap, signingSecret,
                Duration.ofSeconds(10), Duration.ofMinutes(15), Duration.ofDays(90));
    }
}
