package com.merchantinsights.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka alone, with the stack's topics, for a test that needs no Cassandra, PostgreSQL or Spark (e.g. the events
 * API behind the gateway): the same {@link KafkaCluster} as {@link LocalEngines} starts, at a fraction of the cost.
 */
public final class StandaloneKafka implements AutoCloseable {
    private final KafkaCluster kafka;

    private StandaloneKafka(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    /** Starts the nodes on {@code config}'s Kafka ports and waits until they are ready and the topics exist. */
    public static StandaloneKafka start(StackConfig config, Progress progress) throws StackException {
        String classpath = EngineClasspath.read(KafkaNode.NAME, config.projectHome(), EngineClasspath.KAFKA_MODULE);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", config.ports().kafka());
        ports.put("kafka controller", config.ports().kafkaController());
        ports.putAll(KafkaCluster.ports(config));
        PortGuard.requireFree(ports);
        config.directories().create();
        StandaloneKafka standalone = new StandaloneKafka(new KafkaCluster(config, classpath));
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

    /** Stops one node gracefully (1-based): the others keep the topics available when 2 of 3 remain. */
    public void stopNode(int id) {
        kafka.node(id).process().stop();
    }

    /** Starts a stopped node again on its log, without waiting: it rejoins the quorum and catches up on its own. */
    public void startNode(int id, Progress progress) {
        kafka.node(id).launch(progress);
    }

    @Override
    public void close() {
        kafka.requestStop();
        kafka.awaitStop();
        StopOnExit.unregister(this);
    }
}
