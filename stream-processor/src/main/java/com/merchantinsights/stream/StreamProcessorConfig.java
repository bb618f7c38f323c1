package com.merchantinsights.stream;

import com.merchantinsights.core.layout.RawEventLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the streaming query needs to run.
 *
 * @param kafkaBootstrap  Kafka bootstrap servers, {@code host:port[,host:port]}; dead letters go to the same cluster
 * @param checkpointRoot  folder under which the query keeps its checkpoint (offsets, commits)
 * @param triggerInterval how often a micro-batch starts; zero means as soon as the previous one ends
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch, so that catching up after downtime runs
 *                             as a series of bounded batches instead of one huge one
 * @param retention       how long a raw row lives after its event hour (Cassandra TTL)
 * @param writesInFlight  statements of one task in flight to Cassandra at once
 * @param tasks           tasks per micro-batch after the shuffle by identity bucket (decision 0026)
 * @param identityBuckets partitions of the recent-identity index; fixed by the first start of an installation
 * @param identityWindow  how long after receipt a stored version is recognised from any hour (decision 0026)
 * @param rawShards       shards per raw hour for hours written from now on (decision 0026; hours keep theirs)
 */
public record StreamProcessorConfig(
        String kafkaBootstrap,
        Path checkpointRoot,
        Duration triggerInterval,
        long maxOffsetsPerTrigger,
        Duration retention,
        int writesInFlight,
        int tasks,
        int identityBuckets,
        Duration identityWindow,
        int rawShards) {
    public static final Duration DEFAULT_TRIGGER_INTERVAL = Duration.ofSeconds(1);
    /** About ten seconds of work per batch on two cores. */
    public static final long DEFAULT_MAX_OFFSETS_PER_TRIGGER = 200_000;
    /** Enough to hide a LAN round trip per statement, small enough not to swamp one node. */
    public static final int DEFAULT_WRITES_IN_FLIGHT = 64;
    /** Two per core of a two-core machine: one task computes while another waits for Cassandra. */
    public static final int DEFAULT_TASKS = 4;

    public StreamProcessorConfig {
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(checkpointRoot, "checkpointRoot");
        Objects.requireNonNull(triggerInterval, "triggerInterval");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(identityWindow, "identityWindow");
        if (kafkaBootstrap.isBlank()) {
            throw new IllegalArgumentException("kafkaBootstrap must not be blank");
        }
        if (triggerInterval.isNegative()) {
            throw new IllegalArgumentException("triggerInterval must not be negative: " + triggerInterval);
        }
        if (maxOffsetsPerTrigger < 1) {
            throw new IllegalArgumentException("maxOffsetsPerTrigger must be positive: " + maxOffsetsPerTrigger);
        }
        if (retention.compareTo(RawEventLayout.MIN_TTL) < 0) {
            throw new IllegalArgumentException(
                    "retention must be at least " + RawEventLayout.MIN_TTL + ": " + retention);
        }
        if (writesInFlight < 1) {
            throw new IllegalArgumentException("writesInFlight must be positive: " + writesInFlight);
        }
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be positive: " + tasks);
        }
        if (rawShards < 1) {
            throw new IllegalArgumentException("rawShards must be positive: " + rawShards);
        }
        if (identityBuckets < 1) {
            throw new IllegalArgumentException("identityBuckets must be positive: " + identityBuckets);
        }
        if (identityWindow.compareTo(RawEventLayout.DEFAULT_IDENTITY_WINDOW) < 0) {
            throw new IllegalArgumentException("identityWindow must be at least "
                    + RawEventLayout.DEFAULT_IDENTITY_WINDOW + ": " + identityWindow);
        }
    }

    /** The defaults for everything but the addresses. */
    public StreamProcessorConfig(String kafkaBootstrap, Path checkpointRoot) {
        this(
                kafkaBootstrap,
                checkpointRoot,
                DEFAULT_TRIGGER_INTERVAL,
                DEFAULT_MAX_OFFSETS_PER_TRIGGER,
                RawEventLayout.DEFAULT_RETENTION,
                DEFAULT_WRITES_IN_FLIGHT,
                DEFAULT_TASKS,
                RawEventLayout.DEFAULT_IDENTITY_BUCKETS,
                RawEventLayout.DEFAULT_IDENTITY_WINDOW,
                RawEventLayout.DEFAULT_SHARDS);
    }

    /** The same settings with the identity bucket count an installation fixed at its first start. */
    public StreamProcessorConfig withIdentityBuckets(int buckets) {
        return new StreamProcessorConfig(
                kafkaBootstrap,
                checkpointRoot,
                triggerInterval,
                maxOffsetsPerTrigger,
                retention,
                writesInFlight,
                tasks,
                buckets,
                identityWindow,
                rawShards);
    }

    /** The query's own checkpoint folder; other queries of the same driver get siblings. */
    public Path checkpointDir() {
        return checkpointRoot.resolve(StreamProcessor.QUERY_NAME);
    }
}
