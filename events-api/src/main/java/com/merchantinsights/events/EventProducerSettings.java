package com.merchantinsights.events;

import com.merchantinsights.core.kafka.KafkaClientLogin;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer settings of the events API, in one place: {@link EventPublisher} uses them, and so does the
 * ingest benchmark's raw-producer baseline, so that the baseline can never drift from what we run.
 */
public final class EventProducerSettings {
    private EventProducerSettings() {}

    /**
     * acks=all and idempotence: 202 means stored (docs/event-contract.md). Every wait is bounded by {@code ackTimeout} so
     * that a Kafka outage becomes a prompt 503, never a hung request.
     */
    public static Properties of(String bootstrapServers, Duration ackTimeout) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A request's events go to one or two partitions, not to all (Kafka's uniform sticky partitioner moves on after
        // batch.size bytes): a few large batches per request instead of one small batch per partition, so fewer
        // batches to compress, append and acknowledge. Load still spreads evenly over partitions whatever a merchant's
        // size; the stream processor's identity claim, not the partition, makes a resent event count once.
        props.put(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, true);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
        // Kafka requires delivery.timeout >= linger + request.timeout.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(ackTimeout.toMillis() - 5, 5_000));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return KafkaClientLogin.fromEnvironment().applyTo(props);
    }
}
