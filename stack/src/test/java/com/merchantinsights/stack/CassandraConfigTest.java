package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class CassandraConfigTest {
    private final Path cassandraDir = Path.of("/var/insights/cassandra");
    private final CassandraConfig config = new CassandraConfig(Ports.defaults(), cassandraDir);

    @Test
    void isASingleSeedNodeOnLoopbackWithOneToken() {
        Map<String, Object> yaml = parse(config);

        assertThat(yaml)
                .containsEntry("cluster_name", "merchant-insights-local")
                .containsEntry("num_tokens", 1)
                .containsEntry("initial_token", 0)
                .containsEntry("partitioner", "org.apache.cassandra.dht.Murmur3Partitioner")
                .containsEntry("listen_address", "127.0.0.1")
                .containsEntry("rpc_address", "127.0.0.1")
                .containsEntry("storage_port", 17000)
                .containsEntry("native_transport_port", 19042)
                .containsEntry("endpoint_snitch", "SimpleSnitch");
        assertThat(yaml.get("seed_provider").toString())
                .contains("org.apache.cassandra.locator.SimpleSeedProvider")
                .contains("seeds=127.0.0.1:17000");
    }

    @Test
    void keepsEveryDirectoryUnderTheWorkDir() {
        Map<String, Object> yaml = parse(config);

        assertThat(yaml.get("data_file_directories")).isEqualTo(List.of("/var/insights/cassandra/data"));
        assertThat(yaml)
                .containsEntry("commitlog_directory", "/var/insights/cassandra/commitlog")
                .containsEntry("saved_caches_directory", "/var/insights/cassandra/saved_caches")
                .containsEntry("hints_directory", "/var/insights/cassandra/hints")
                .containsEntry("cdc_raw_directory", "/var/insights/cassandra/cdc_raw");
    }

    @Test
    void usesCassandra5FormatsHeapMemtablesAndOneCompactor() {
        assertThat(parse(config))
                .containsEntry("storage_compatibility_mode", "NONE")
                .containsEntry("memtable_allocation_type", "heap_buffers")
                .containsEntry("commitlog_sync", "periodic")
                .containsEntry("commitlog_sync_period", "10000ms")
                .containsEntry("concurrent_compactors", 1);
    }

    @Test
    void aShiftedStackUsesItsShiftedPorts() {
        Map<String, Object> yaml = parse(new CassandraConfig(Ports.defaults().offsetBy(1000), cassandraDir));

        assertThat(yaml).containsEntry("storage_port", 18000).containsEntry("native_transport_port", 20042);
    }

    @Test
    void jvmFlagsCarryHeapModuleAccessAgentAndLocalSettings() {
        String classpath = "/m2/cassandra-all-5.0.9.jar:/m2/jamm-0.4.0.jar";

        List<String> flags = CassandraJvmFlags.of(config, classpath);

        assertThat(flags)
                .startsWith("-Xms1g", "-Xmx1g", "-Xmn256m", "-Xss256k", "-XX:+ExitOnOutOfMemoryError")
                .contains(
                        "-javaagent:/m2/jamm-0.4.0.jar",
                        "-Dcassandra.config=file:///var/insights/cassandra/cassandra.yaml",
                        "-Dcassandra.storagedir=/var/insights/cassandra",
                        "-Dlogback.configurationFile=/var/insights/cassandra/logback.xml",
                        "-Dcassandra-foreground=yes",
                        "-Dcassandra.jmx.local.port=17199",
                        "-Dcassandra.skip_wait_for_gossip_to_settle=0")
                .containsSubsequence("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED")
                .containsSubsequence("--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(CassandraConfig config) {
        return (Map<String, Object>) new Yaml().load(config.cassandraYaml());
    }

    @Test
    void aRingOfThreePutsNodeTwoOn127002WithItsOwnTokenJmxPortAndDirectory() {
        Path dir = Path.of("/var/insights/cassandra");
        CassandraConfig second = new CassandraConfig(Ports.defaults(), dir, 2, 3);
        String yaml = second.cassandraYaml();
        org.assertj.core.api.Assertions.assertThat(yaml)
                .contains("listen_address: 127.0.0.2")
                .contains("rpc_address: 127.0.0.2")
                .contains("initial_token: -3074457345618258603")
                .contains("seeds: \"127.0.0.1:17000\"")
                .contains(dir.resolve("node-2/data").toString());
        org.assertj.core.api.Assertions.assertThat(second.jmxPort())
                .isEqualTo(Ports.defaults().cassandraJmx() + 1);
        org.assertj.core.api.Assertions.assertThat(new CassandraConfig(Ports.defaults(), dir).initialToken())
                .isEqualTo("0");
    }
}
