package com.merchantinsights.stream;

import com.merchantinsights.core.kafka.KafkaClientLogin;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One dead-letter producer per executor JVM and cluster, created on first use: dead letters are rare, and a
 * producer per task would cost a connection per micro-batch. Acknowledged by all replicas, idempotent, like the
 * events API's producer: a dead letter is an accepted event and must not be lost.
 */
final class DeadLetterProducers {
    private static final Map<String, KafkaProducer<String, byte[]>> PRODUCERS = new ConcurrentHashMap<>();

    private DeadLetterProducers() {}

    static KafkaProducer<String, byte[]> forCluster(String bootstrapServers) {
        return PRODUCERS.computeIfAbsent(bootstrapServers, DeadLetterProducers::create);
    }

    private static KafkaProducer<String, byte[]> create(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "stream-processor-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A failed send fails the micro-batch, which is replayed: no need to retry forever inside one batch.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // On the executors: the pods get the same login from the KafkaUser's Secret as the driver (decision 0049).
        return new KafkaProducer<>(KafkaClientLogin.fromEnvironment().applyTo(p));
    }
}
