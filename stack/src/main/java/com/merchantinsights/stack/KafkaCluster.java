package com.merchantinsights.stack;

import com.merchantinsights.core.layout.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The local Kafka: {@link StackConfig#nodes()} KRaft nodes, each broker and controller (one by default; three for the
 * fault runs of issue 21, replicating every partition 3 times with 2 in sync). All nodes are launched before any is
 * awaited — a quorum elects its leader only once a majority runs — then the stack's topics are created.
 */
final class KafkaCluster {
    private final List<KafkaNode> nodes = new ArrayList<>();
    private final StackConfig config;

    KafkaCluster(StackConfig config, String classpath) {
        this.config = config;
        for (int id = 1; id <= config.nodes(); id++) {
            nodes.add(new KafkaNode(config, classpath, id));
        }
    }

    /** Every broker, for clients. */
    String bootstrapServers() {
        return KafkaServerConfig.clusterBootstrap(config.ports(), config.nodes());
    }

    /** The node {@code id} (1-based): for fault tests that stop one broker. */
    KafkaNode node(int id) {
        return nodes.get(id - 1);
    }

    List<KafkaNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Every node's ports, for the check that they are free. */
    static Map<String, Integer> ports(StackConfig config) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        for (int id = 1; id <= config.nodes(); id++) {
            ports.put(KafkaNode.nameOf(id) + " SCRAM", KafkaServerConfig.saslPort(config.ports(), id));
        }
        for (int id = 2; id <= config.nodes(); id++) {
            ports.put(KafkaNode.nameOf(id), KafkaServerConfig.brokerPort(config.ports(), id));
            ports.put(KafkaNode.nameOf(id) + " controller", KafkaServerConfig.controllerPort(config.ports(), id));
        }
        return ports;
    }

    /** Starts every node, waits until all are registered, and makes sure the topics exist. */
    void start(Progress progress) {
        long started = System.nanoTime();
        List<ChildProcess> running = new ArrayList<>();
        for (KafkaNode node : nodes) {
            running.add(node.launch(progress));
        }
        try (Admin admin = Admin.create(adminProperties())) {
            for (ChildProcess node : running) {
                Readiness.await(KafkaNode.NAME, node, KafkaNode.READY_TIMEOUT, () -> {
                    int registered = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes()
                            .get()
                            .size();
                    if (registered < nodes.size()) {
                        throw new IllegalStateException(registered + " of " + nodes.size() + " brokers registered");
                    }
                });
            }
            progress.step(
                    KafkaNode.NAME,
                    "ready in " + Readiness.elapsed(started) + " (" + bootstrapServers()
                            + (nodes.size() > 1 ? ", " + nodes.size() + " nodes" : "") + ")");
            Readiness.await(KafkaNode.NAME, running.get(0), KafkaNode.READY_TIMEOUT, () -> createTopics(admin));
            KafkaServerConfig settings = nodes.get(0).serverConfig();
            progress.step(
                    KafkaNode.NAME,
                    "topics " + Topics.EVENTS + " (" + Topics.LOCAL_EVENTS_PARTITIONS + " partitions"
                            + (settings.replicationFactor() > 1
                                    ? ", " + settings.replicationFactor() + " replicas, " + settings.minInSyncReplicas()
                                            + " in sync"
                                    : "")
                            + "), " + Topics.DEAD_LETTERS);
        }
    }

    void requestStop() {
        stopping().requestStop();
    }

    void awaitStop() {
        stopping().awaitStop();
    }

    /** Stops every node gracefully, keeping the data. */
    void stop() {
        stopping().stop();
    }

    private EngineNodes stopping() {
        return new EngineNodes(nodes.stream().map(node -> node.process()).toList());
    }

    private void createTopics(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        KafkaServerConfig settings = nodes.get(0).serverConfig();
        short replicas = (short) settings.replicationFactor();
        // A write is acknowledged (acks=all) once this many replicas have it; with 3, one node may be down.
        Map<String, String> inSync = Map.of("min.insync.replicas", String.valueOf(settings.minInSyncReplicas()));
        NewTopic events = new NewTopic(Topics.EVENTS, Topics.LOCAL_EVENTS_PARTITIONS, replicas).configs(inSync);
        // Dead letters are few and must outlive the events topic's 7 days: kept as long as the raw store.
        Map<String, String> deadLetterConfigs = new java.util.HashMap<>(inSync);
        deadLetterConfigs.put("retention.ms", Long.toString(Topics.DEAD_LETTER_RETENTION.toMillis()));
        NewTopic deadLetters = new NewTopic(Topics.DEAD_LETTERS, 1, replicas).configs(deadLetterConfigs);
        for (NewTopic topic : List.of(events, deadLetters)) {
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "insights-stack");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "250");
        return p;
    }
}
