package com.merchantinsights.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.merchantinsights.cli.LocalSecrets;
import com.merchantinsights.cli.LocalServices;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.SparkDriverProcess;
import com.merchantinsights.stack.StackConfig;
import com.merchantinsights.stack.StackDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A second stack for tests that stop engines on purpose (decision 0002): Kafka, Cassandra, PostgreSQL and the
 * Spark driver on ports +3500 under {@code target/fault-stack}, so the shared stack stays up, and the HTTP services,
 * since the CLI's operations go through the gateway's admin routes (decision 0039). The driver gets a
 * one-minute stall timeout so that a connector hang after a Cassandra restart costs a minute, not ten, and
 * micro-batches of at most 20,000 records so that the backlog a fault leaves is caught up in short batches. Events
 * are produced straight to Kafka like the events API does (acks=all, idempotent): acknowledged means accepted.
 */
final class FaultStack implements AutoCloseable {
    /** {@code -Dit.faultPortOffset=N} moves it, like {@code it.portOffset} moves the shared stack. */
    static final int PORT_OFFSET = Integer.getInteger("it.faultPortOffset", 3500);

    final StackConfig config;
    final LocalEngines engines;
    final SparkDriverProcess driver;
    final KafkaProducer<String, String> producer;
    final CqlSession cassandra;
    final LocalServices services;

    private FaultStack(
            StackConfig config,
            LocalEngines engines,
            SparkDriverProcess driver,
            KafkaProducer<String, String> producer,
            CqlSession cassandra,
            LocalServices services) {
        this.services = services;
        this.config = config;
        this.engines = engines;
        this.driver = driver;
        this.producer = producer;
        this.cassandra = cassandra;
    }

    static FaultStack start() {
        Path workDir = Path.of("target", "fault-stack").toAbsolutePath();
        StackDirectories.deleteTree(workDir);
        StackConfig defaults = StackConfig.defaults(workDir);
        StackConfig config = new StackConfig(
                workDir,
                Ports.defaults().offsetBy(PORT_OFFSET),
                "UTC",
                false,
                Duration.ofMinutes(30),
                defaults.projectHome());
        Progress progress = Progress.console(System.out);
        LocalEngines engines = LocalEngines.start(config, progress);
        try {
            SparkDriverProcess driver = SparkDriverProcess.start(
                    config,
                    engines.endpoints(),
                    progress,
                    List.of("--stall-timeout", "PT1M", "--max-offsets-per-trigger", "20000"));
            CqlSession cassandra = engines.endpoints()
                    .cql()
                    .withKeyspace(RawEventLayout.KEYSPACE)
                    .build();
            LocalServices services = LocalServices.start(config, engines, LocalSecrets.loadOrCreate(workDir));
            return new FaultStack(
                    config, engines, driver, producer(engines.kafkaBootstrapServers()), cassandra, services);
        } catch (RuntimeException e) {
            engines.close();
            throw e;
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }

    @Override
    public void close() {
        try {
            services.close();
            producer.close(Duration.ofSeconds(10));
            cassandra.close();
        } finally {
            try {
                driver.close();
            } finally {
                engines.close();
            }
        }
    }
}
