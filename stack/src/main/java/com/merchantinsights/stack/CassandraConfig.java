package com.merchantinsights.stack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The configuration files of the local Cassandra node: a single seed node on loopback, one token, sized for a
 * 2-core machine. Only keys that differ from Cassandra's defaults, or that Cassandra requires, are written.
 *
 * @param ports        the stack's ports
 * @param cassandraDir {@code <workDir>/cassandra}: configuration files and every data directory
 */
record CassandraConfig(Ports ports, Path cassandraDir) {
    static final String CLUSTER_NAME = "merchant-insights-local";
    /** The data center SimpleSnitch puts every node in; drivers must name it as their local one. */
    static final String LOCAL_DATACENTER = "datacenter1";

    CassandraConfig {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(cassandraDir, "cassandraDir");
    }

    Path yamlFile() {
        return cassandraDir.resolve("cassandra.yaml");
    }

    Path logbackFile() {
        return cassandraDir.resolve("logback.xml");
    }

    Path dataDir() {
        return cassandraDir.resolve("data");
    }

    String cassandraYaml() {
        return """
                # Written by the local stack on every start (CassandraConfig); edits are overwritten.
                cluster_name: '%s'
                # One node, one token: vnodes only matter when data moves between nodes.
                num_tokens: 1
                initial_token: 0
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
                listen_address: 127.0.0.1
                rpc_address: 127.0.0.1
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
                        dataDir(),
                        cassandraDir.resolve("commitlog"),
                        cassandraDir.resolve("saved_caches"),
                        cassandraDir.resolve("hints"),
                        cassandraDir.resolve("cdc_raw"),
                        ports.cassandraStorage(),
                        ports.cassandraStorage(),
                        ports.cassandraCql());
    }

    /** Logback to standard output, which the stack appends to {@code logs/cassandra.log}. */
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
