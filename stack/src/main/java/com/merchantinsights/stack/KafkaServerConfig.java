package com.merchantinsights.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The configuration files of one local Kafka node: a KRaft node that is both broker and controller, one of
 * {@code nodes} in the quorum (issue 21: three locally, as in a cluster). Replication follows the node count: one node
 * keeps every replication setting at 1; three or more replicate 3 times and acknowledge a write once 2 replicas have it
 * (the Helm chart's RF 3, min ISR 2). Node 1 keeps the single-node stack's ports and directory; node {@code n} listens
 * {@value #PORT_STEP} × (n − 1) ports higher and lives under {@code kafka/node-n}.
 *
 * @param ports    the stack's ports (node 1's)
 * @param kafkaDir {@code <workDir>/kafka}: node 1's configuration files here, its log segments under {@code data/}
 * @param nodeId   this node, 1..nodes
 * @param nodes    the nodes of the local cluster
 */
record KafkaServerConfig(Ports ports, Path kafkaDir, int nodeId, int nodes) {
    /** The distance between two nodes' ports. */
    static final int PORT_STEP = 100;

    KafkaServerConfig {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(kafkaDir, "kafkaDir");
        if (nodes < 1 || nodeId < 1 || nodeId > nodes) {
            throw new IllegalArgumentException("node " + nodeId + " of " + nodes);
        }
    }

    /** The single-node stack's one broker. */
    KafkaServerConfig(Ports ports, Path kafkaDir) {
        this(ports, kafkaDir, 1, 1);
    }

    static int brokerPort(Ports ports, int nodeId) {
        return ports.kafka() + PORT_STEP * (nodeId - 1);
    }

    /**
     * The node's SCRAM listener (decision 0049): what a cluster's clients log in to, so that the login our clients build
     * ({@code KafkaClientLogin}) and ACLs are tested against a real broker. Two above the broker port.
     */
    static int saslPort(Ports ports, int nodeId) {
        return brokerPort(ports, nodeId) + 2;
    }

    /** Every broker's SCRAM listener, for a client that logs in. */
    static String clusterSaslBootstrap(Ports ports, int nodes) {
        StringBuilder servers = new StringBuilder();
        for (int id = 1; id <= nodes; id++) {
            servers.append(id == 1 ? "" : ",").append("127.0.0.1:").append(saslPort(ports, id));
        }
        return servers.toString();
    }

    static int controllerPort(Ports ports, int nodeId) {
        return ports.kafkaController() + PORT_STEP * (nodeId - 1);
    }

    /** Every broker of the cluster, for a client's bootstrap. */
    static String clusterBootstrap(Ports ports, int nodes) {
        StringBuilder servers = new StringBuilder();
        for (int id = 1; id <= nodes; id++) {
            servers.append(id == 1 ? "" : ",").append("127.0.0.1:").append(brokerPort(ports, id));
        }
        return servers.toString();
    }

    /** Replicas of each partition: every node, up to 3. */
    int replicationFactor() {
        return Math.min(nodes, 3);
    }

    /** Replicas that must have a write before it is acknowledged to {@code acks=all}: 2 of 3, else every one. */
    int minInSyncReplicas() {
        return nodes >= 3 ? 2 : 1;
    }

    /** This node's directory: node 1 the stack's {@code kafka/}, the others {@code kafka/node-n}. */
    Path nodeDir() {
        return nodeId == 1 ? kafkaDir : kafkaDir.resolve("node-" + nodeId);
    }

    /** Where the cluster id lives that every node is formatted with (one cluster, however many nodes). */
    Path clusterIdFile() {
        return kafkaDir.resolve("cluster.id");
    }

    Path serverPropertiesFile() {
        return nodeDir().resolve("server.properties");
    }

    Path log4j2File() {
        return nodeDir().resolve("log4j2.xml");
    }

    Path dataDir() {
        return nodeDir().resolve("data");
    }

    /** Present once the storage is formatted; formatting again would give the node a new cluster id. */
    Path metaProperties() {
        return dataDir().resolve("meta.properties");
    }

    /** This node's broker. */
    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort(ports, nodeId);
    }

    Map<String, String> serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        StringBuilder voters = new StringBuilder();
        for (int id = 1; id <= nodes; id++) {
            voters.append(id == 1 ? "" : ",").append(id).append("@127.0.0.1:").append(controllerPort(ports, id));
        }
        p.put("controller.quorum.voters", voters.toString());
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort(ports, nodeId) + ",CONTROLLER://127.0.0.1:"
                        + controllerPort(ports, nodeId) + ",SASL://127.0.0.1:" + saslPort(ports, nodeId));
        p.put(
                "advertised.listeners",
                "PLAINTEXT://" + bootstrapServers() + ",SASL://127.0.0.1:" + saslPort(ports, nodeId));
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT");
        // The SCRAM listener, as Strimzi's with `authentication: scram-sha-512` and `authorization: simple`: users'
        // credentials and ACLs live in the cluster's metadata. The plain listeners' clients (every local service, the
        // brokers and controllers themselves) are the anonymous principal, a super user, so nothing else changes.
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put(
                "listener.name.sasl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:ANONYMOUS");
        p.put("log.dirs", dataDir().toString());
        // Topics are created by the stack's bootstrap with their intended partition count; a typo in a producer's
        // topic name must fail, not create a one-partition topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        String replicas = String.valueOf(replicationFactor());
        String inSync = String.valueOf(minInSyncReplicas());
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", inSync);
        p.put("offsets.topic.replication.factor", replicas);
        // 50 partitions by default: creating them is most of the first consumer group's wait on 2 cores.
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", inSync);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", inSync);
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

    /** Log4j2 to standard output, which the stack appends to the node's log ({@code logs/kafka.log} for node 1). */
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
