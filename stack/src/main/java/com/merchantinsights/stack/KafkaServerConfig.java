package com.merchantinsights.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The configuration files of the local Kafka broker: one KRaft node that is both broker and controller, with every
 * replication setting at 1 because there is one node (the Helm chart sets RF 3, min ISR 2).
 *
 * @param ports    the stack's ports
 * @param kafkaDir {@code <workDir>/kafka}: configuration files here, log segments under {@code data/}
 */
record KafkaServerConfig(Ports ports, Path kafkaDir) {
    static final int NODE_ID = 1;

    KafkaServerConfig {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(kafkaDir, "kafkaDir");
    }

    Path serverPropertiesFile() {
        return kafkaDir.resolve("server.properties");
    }

    Path log4j2File() {
        return kafkaDir.resolve("log4j2.xml");
    }

    Path dataDir() {
        return kafkaDir.resolve("data");
    }

    /** Present once the storage is formatted; formatting again would give the node a new cluster id. */
    Path metaProperties() {
        return dataDir().resolve("meta.properties");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + ports.kafka();
    }

    Map<String, String> serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + ports.kafkaController());
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + ports.kafka() + ",CONTROLLER://127.0.0.1:" + ports.kafkaController());
        p.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dataDir().toString());
        // Topics are created by the stack's bootstrap with their intended partition count; a typo in a producer's
        // topic name must fail, not create a one-partition topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        // 50 partitions by default: creating them is most of the first consumer group's wait on 2 cores.
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // No other members will join a local group; don't make the first consumer wait for them.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Fewer threads than the defaults (3 network, 8 I/O): this broker shares 2 cores with everything else.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    String serverPropertiesText() {
        return "# Written by the local stack on every start (KafkaServerConfig); edits are overwritten.\n"
                + serverProperties().entrySet().stream()
                        .map(e -> e.getKey() + "=" + escape(e.getValue()))
                        .collect(Collectors.joining("\n", "", "\n"));
    }

    /** Log4j2 to standard output, which the stack appends to {@code logs/kafka.log}. */
    String log4j2Xml() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by the local stack on every start (KafkaServerConfig); edits are overwritten. -->
                <Configuration status="WARN">
                  <Appenders>
                    <Console name="stdout" target="SYSTEM_OUT">
                      <PatternLayout pattern="[%d{ISO8601}] %-5p %m (%c)%n"/>
                    </Console>
                  </Appenders>
                  <Loggers>
                    <Root level="INFO">
                      <AppenderRef ref="stdout"/>
                    </Root>
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Logger name="state.change.logger" level="WARN"/>
                    <Logger name="kafka.authorizer.logger" level="WARN"/>
                  </Loggers>
                </Configuration>
                """;
    }

    /** Properties-file escaping for the characters that can appear in a path. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
