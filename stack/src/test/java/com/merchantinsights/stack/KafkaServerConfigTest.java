package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaServerConfigTest {
    private final Path kafkaDir = Path.of("/var/insights/kafka");
    private final KafkaServerConfig config = new KafkaServerConfig(Ports.defaults(), kafkaDir);

    @Test
    void isOneCombinedKraftNodeOnLoopback() {
        assertThat(config.serverProperties())
                .contains(
                        entry("process.roles", "broker,controller"),
                        entry("node.id", "1"),
                        entry("controller.quorum.voters", "1@127.0.0.1:19093"),
                        entry(
                                "listeners",
                                "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,SASL://127.0.0.1:19094"),
                        entry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092,SASL://127.0.0.1:19094"),
                        entry("controller.listener.names", "CONTROLLER"),
                        entry(
                                "listener.security.protocol.map",
                                "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT"));
    }

    @Test
    void aScramListenerWithAclsBesideThePlainOnesWhoseClientsAreSuperUsers() {
        assertThat(config.serverProperties())
                .contains(
                        entry("sasl.enabled.mechanisms", "SCRAM-SHA-512"),
                        entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                        entry("super.users", "User:ANONYMOUS"));
        assertThat(KafkaServerConfig.clusterSaslBootstrap(Ports.defaults(), 3))
                .isEqualTo("127.0.0.1:19094,127.0.0.1:19194,127.0.0.1:19294");
    }

    @Test
    void replicatesInternalTopicsOnceBecauseThereIsOneNode() {
        assertThat(config.serverProperties())
                .contains(
                        entry("offsets.topic.replication.factor", "1"),
                        entry("transaction.state.log.replication.factor", "1"),
                        entry("transaction.state.log.min.isr", "1"),
                        entry("share.coordinator.state.topic.replication.factor", "1"),
                        entry("share.coordinator.state.topic.min.isr", "1"),
                        entry("min.insync.replicas", "1"),
                        entry("group.initial.rebalance.delay.ms", "0"));
    }

    @Test
    void neverCreatesTopicsOnTheFlyAndKeepsItsLogUnderTheWorkDir() {
        assertThat(config.serverProperties())
                .contains(
                        entry("auto.create.topics.enable", "false"),
                        entry("log.dirs", kafkaDir.resolve("data").toString()));
        assertThat(config.metaProperties()).isEqualTo(kafkaDir.resolve("data/meta.properties"));
    }

    @Test
    void theRenderedFileReadsBackAsTheSameProperties() throws IOException {
        Properties parsed = new Properties();
        parsed.load(new StringReader(config.serverPropertiesText()));

        assertThat(parsed).containsExactlyInAnyOrderEntriesOf(config.serverProperties());
    }

    @Test
    void aShiftedStackListensOnItsShiftedPorts() {
        KafkaServerConfig shifted = new KafkaServerConfig(Ports.defaults().offsetBy(1000), kafkaDir);

        assertThat(shifted.bootstrapServers()).isEqualTo("127.0.0.1:20092");
        assertThat(shifted.serverProperties()).containsEntry("controller.quorum.voters", "1@127.0.0.1:20093");
    }

    @Test
    void logsToStandardOutputWhichTheStackAppendsToItsLogFile() {
        assertThat(config.log4j2Xml())
                .contains("<Console name=\"stdout\" target=\"SYSTEM_OUT\">")
                .contains("<Root level=\"INFO\">");
    }

    @Test
    void threeNodesFormOneQuorumReplicateThreeTimesAndAcknowledgeWithTwoInSync() {
        KafkaServerConfig second = new KafkaServerConfig(Ports.defaults(), kafkaDir, 2, 3);
        assertThat(second.serverProperties())
                .contains(
                        entry("node.id", "2"),
                        entry("controller.quorum.voters", "1@127.0.0.1:19093,2@127.0.0.1:19193,3@127.0.0.1:19293"),
                        entry(
                                "listeners",
                                "PLAINTEXT://127.0.0.1:19192,CONTROLLER://127.0.0.1:19193,SASL://127.0.0.1:19194"),
                        entry("advertised.listeners", "PLAINTEXT://127.0.0.1:19192,SASL://127.0.0.1:19194"),
                        entry("default.replication.factor", "3"),
                        entry("min.insync.replicas", "2"),
                        entry("offsets.topic.replication.factor", "3"),
                        entry("transaction.state.log.min.isr", "2"),
                        entry("log.dirs", kafkaDir.resolve("node-2/data").toString()));
        assertThat(KafkaServerConfig.clusterBootstrap(Ports.defaults(), 3))
                .isEqualTo("127.0.0.1:19092,127.0.0.1:19192,127.0.0.1:19292");
        assertThat(second.clusterIdFile()).isEqualTo(kafkaDir.resolve("cluster.id"));
        // node 1 of three keeps the single-node stack's directory and ports
        KafkaServerConfig first = new KafkaServerConfig(Ports.defaults(), kafkaDir, 1, 3);
        assertThat(first.dataDir()).isEqualTo(kafkaDir.resolve("data"));
        assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    }
}
