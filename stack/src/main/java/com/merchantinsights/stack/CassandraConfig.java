package com.merchantinsights.stack;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The configuration files of one local Cassandra node, sized for a 2-core machine: one token per node, node 1 the seed.
 * With several nodes (issue 21) node n listens on 127.0.0.n (Linux answers the whole 127/8 on loopback) with the
 * same ports, its own JMX port and its own directory {@code cassandra/node-n}, and the tokens split the ring evenly.
 * Only keys that differ from Cassandra's defaults, or that Cassandra requires, are written.
 *
 * @param ports        the stack's ports
 * @param cassandraDir {@code <workDir>/cassandra}: node 1's configuration files and every data directory
 * @param nodeId       this node, 1..nodes
 * @param nodes        the nodes of the local ring
 */
record CassandraConfig(Ports ports, Path cassandraDir, int nodeId, int nodes) {
    static final String CLUSTER_NAME = "merchant-insights-local";
    /** The data center SimpleSnitch puts every node in; drivers must name it as their local one. */
    static final String LOCAL_DATACENTER = "datacenter1";

    CassandraConfig {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(cassandraDir, "cassandraDir");
        if (nodes < 1 || nodeId < 1 || nodeId > nodes) {
            throw new IllegalArgumentException("node " + nodeId + " of " + nodes);
        }
    }

    /** The single-node stack's one node. */
    CassandraConfig(Ports ports, Path cassandraDir) {
        this(ports, cassandraDir, 1, 1);
    }

    /** This node's loopback address: 127.0.0.n. */
    String address() {
        return "127.0.0." + nodeId;
    }

    /** This node's directory: node 1 the stack's {@code cassandra/}, the others {@code cassandra/node-n}. */
    Path nodeDir() {
        return nodeId == 1 ? cassandraDir : cassandraDir.resolve("node-" + nodeId);
    }

    /** JMX binds 127.0.0.1 whatever the node's address: one port per node. */
    int jmxPort() {
        return ports.cassandraJmx() + (nodeId - 1);
    }

    /** One token per node, spread evenly over Murmur3's range (0 for a single node, as before). */
    String initialToken() {
        if (nodes == 1) {
            return "0";
        }
        BigInteger range = BigInteger.TWO.pow(64);
        return BigInteger.valueOf(Long.MIN_VALUE)
                .add(range.multiply(BigInteger.valueOf(nodeId - 1)).divide(BigInteger.valueOf(nodes)))
                .toString();
    }

    Path yamlFile() {
        return nodeDir().resolve("cassandra.yaml");
    }

    Path logbackFile() {
        return nodeDir().resolve("logback.xml");
    }

    Path dataDir() {
        return nodeDir().resolve("data");
    }

    String cassandraYaml() {
        return """
                # Written by the local stack on every start (CassandraConfig); edits are overwritten.
                cluster_name: '%s'
                # One token per node: vnodes only matter when data moves between nodes.
                num_tokens: 1
                initial_token: %s
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                data_file_directories:
                  - '%s'
                commitlog_directory: '%s'
                saved_caches_directory: '%s'
                hints_directory: '%s'
                cdc_raw_directory: '%s'
                commitlog_sync: periodic
                commitlog_sync_period: 10000ms
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "127.0.0.1:%d"
                listen_address: %s
                rpc_address: %s
                storage_port: %d
                native_transport_port: %d
                start_native_transport: true
                endpoint_snitch: SimpleSnitch
                # Every client logs in (issue 19): the stack makes its role and disables the default superuser.
                authenticator: PasswordAuthenticator
                # A new cluster has no 4.x nodes to stay compatible with: use 5.0's formats from the start.
                storage_compatibility_mode: NONE
                # On-heap memtables: off-heap buffers would add native memory on top of the 1 GiB heap.
                memtable_allocation_type: heap_buffers
                # Two cores are shared with Kafka, PostgreSQL and Spark.
                concurrent_compactors: 1
                # Paxos v2: about half the round trips of v1 per lightweight transaction (the stream's lease and
                # settings use a few; no event does since decision 0026).
                paxos_variant: v2
                # Trie-indexed SSTables (5.0): a key looked up inside a partition (the stream's IN reads of identities,
                # decision 0026) costs an index walk instead of a scan of a 64 KiB index block.
                sstable:
                  selected_format: bti
                # The stream writes single-partition batches of up to 32 KB (decision 0026); the 5 KiB default would log
                # a warning for nearly every one of them.
                batch_size_warn_threshold: 64KiB
                batch_size_fail_threshold: 128KiB
                """.formatted(
                        CLUSTER_NAME,
                        initialToken(),
                        dataDir(),
                        nodeDir().resolve("commitlog"),
                        nodeDir().resolve("saved_caches"),
                        nodeDir().resolve("hints"),
                        nodeDir().resolve("cdc_raw"),
                        ports.cassandraStorage(),
                        address(),
                        address(),
                        ports.cassandraStorage(),
                        ports.cassandraCql());
    }

    /** Logback to standard output, which the stack appends to the node's log ({@code logs/cassandra.log} for node 1). */
    String logbackXml() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by the local stack on every start (CassandraConfig); edits are overwritten. -->
                <configuration scan="false">
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder>
                      <pattern>%-5level [%thread] %date{ISO8601} %logger{0}: %msg%n</pattern>
                    </encoder>
                  </appender>
                  <root level="INFO">
                    <appender-ref ref="STDOUT"/>
                  </root>
                </configuration>
                """;
    }
}
