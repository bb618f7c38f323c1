package com.merchantinsights.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka alone, with the stack's topics, for a test that needs no Cassandra, PostgreSQL or Spark (e.g. the events
 * API behind the gateway): the same {@link KafkaNode} as {@link LocalEngines} starts, at a fraction of the cost.
 */
public final class StandaloneKafka implements AutoCloseable {
    private final KafkaNode kafka;

    private StandaloneKafka(KafkaNode kafka) {
        this.kafka = kafka;
    }

    /** Starts the broker on {@code config}'s Kafka ports and waits until it is ready and its topics exist. */
    public static StandaloneKafka start(StackConfig config, Progress progress) throws StackException {
        String classpath = EngineClasspath.read(KafkaNode.NAME, config.projectHome(), EngineClasspath.KAFKA_MODULE);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", config.ports().kafka());
        ports.put("kafka controller", config.ports().kafkaController());
        PortGuard.requireFree(ports);
        config.directories().create();
        StandaloneKafka standalone = new StandaloneKafka(new KafkaNode(config, classpath));
        StopOnExit.register(standalone);
        try {
            standalone.kafka.start(progress);
        } catch (RuntimeException e) {
            standalone.close();
            throw e;
        }
        return standalone;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        kafka.process().close();
        StopOnExit.unregister(this);
    }
}
