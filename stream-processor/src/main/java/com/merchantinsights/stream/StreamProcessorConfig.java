package com.merchantinsights.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the streaming query needs to run.
 *
 * @param kafkaBootstrap  Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param checkpointRoot  folder under which the query keeps its checkpoint (offsets, commits)
 * @param triggerInterval how often a micro-batch starts; zero means as soon as the previous one ends
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch, so that catching up after downtime runs
 *                             as a series of bounded batches instead of one huge one
 */
public record StreamProcessorConfig(
        String kafkaBootstrap, Path checkpointRoot, Duration triggerInterval, long maxOffsetsPerTrigger) {
    public static final Duration DEFAULT_TRIGGER_INTERVAL = Duration.ofSeconds(1);
    /** About half a minute of work per batch on two cores. */
    public static final long DEFAULT_MAX_OFFSETS_PER_TRIGGER = 200_000;

    public StreamProcessorConfig {
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(checkpointRoot, "checkpointRoot");
        Objects.requireNonNull(triggerInterval, "triggerInterval");
        if (kafkaBootstrap.isBlank()) {
            throw new IllegalArgumentException("kafkaBootstrap must not be blank");
        }
        if (triggerInterval.isNegative()) {
            throw new IllegalArgumentException("triggerInterval must not be negative: " + triggerInterval);
        }
        if (maxOffsetsPerTrigger < 1) {
            throw new IllegalArgumentException("maxOffsetsPerTrigger must be positive: " + maxOffsetsPerTrigger);
        }
    }

    /** The query's own checkpoint folder; other queries of the same driver get siblings. */
    public Path checkpointDir() {
        return checkpointRoot.resolve(StreamProcessor.QUERY_NAME);
    }
}
