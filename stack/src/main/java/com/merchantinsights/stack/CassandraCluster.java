package com.merchantinsights.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local Cassandra: {@link StackConfig#nodes()} nodes in one ring (one by default; three for the fault runs of
 * issue 21, node n on 127.0.0.n, the keyspace and the roles replicated 3 times so that LOCAL_QUORUM survives one node
 * down). Node 1, the seed, starts first, makes our role and the replicated schema; the others join it one at a time,
 * and once a second node is in, the roles are replicated too.
 */
final class CassandraCluster {
    private final List<CassandraNode> nodes = new ArrayList<>();

    CassandraCluster(StackConfig config, String classpath) {
        for (int id = 1; id <= config.nodes(); id++) {
            nodes.add(new CassandraNode(config, classpath, id));
        }
    }

    /** The seed, which clients contact first. */
    CassandraNode seed() {
        return nodes.get(0);
    }

    /** The node {@code id} (1-based): for fault tests that stop one. */
    CassandraNode node(int id) {
        return nodes.get(id - 1);
    }

    /** The ports of the nodes besides the seed that bind 127.0.0.1 (JMX), for the check that they are free. */
    static Map<String, Integer> ports(StackConfig config) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int id = 2; id <= config.nodes(); id++) {
            CassandraConfig node =
                    new CassandraConfig(config.ports(), config.directories().cassandra(), id, config.nodes());
            ports.put(CassandraNode.nameOf(id) + " jmx", node.jmxPort());
        }
        return ports;
    }

    /**
     * Starts every node and waits until the ring answers with our schema. On a new ring of several nodes: the seed,
     * our role, the replication and the schema first, then each other node joins in turn (bootstrapping its share of
     * the data, one node at a time as Cassandra requires).
     */
    void startWithSchema(Progress progress) {
        if (nodes.size() == 1) {
            seed().startWithSchema(progress);
            return;
        }
        long started = System.nanoTime();
        ChildProcess seedProcess = seed().launch(progress);
        try (CqlSession ignored = seed().awaitReady(seedProcess, started, progress)) {
            // the seed is up and our role exists
        }
        int replicas = Math.min(nodes.size(), 3);
        seed().applySchemaReplicated(
                        progress, replicas, CqlScript.fromClasspath(CqlScript.CASSANDRA_SCHEMA), seedProcess);
        for (int i = 1; i < nodes.size(); i++) {
            CassandraNode node = nodes.get(i);
            ChildProcess joining = node.launch(progress);
            node.awaitListening(joining);
            if (i > 1) {
                // The roles are replicated by now: make sure the new replica has them before anyone logs in through
                // it (retried until the seed sees the new node up: its CQL port may open before gossip says so).
                Readiness.await(node.name(), joining, CassandraNode.READY_TIMEOUT, () -> seed().repairRoles());
            }
            try (CqlSession ignored = node.awaitReady(joining, started, progress)) {
                // joined
            }
            if (i == 1) {
                seed().replicateRoles(replicas);
                progress.step(seed().name(), "roles replicated " + replicas + " times");
            }
        }
    }

    /** Starts every node (the seed first, then the others together) and waits until each answers. */
    void start(Progress progress) {
        if (nodes.size() == 1) {
            seed().start(progress);
            return;
        }
        long started = System.nanoTime();
        ChildProcess seedProcess = seed().launch(progress);
        try (CqlSession ignored = seed().awaitReady(seedProcess, started, progress)) {
            // the seed is up and our role exists: the others can join and log in
        }
        List<ChildProcess> joining = new ArrayList<>();
        for (CassandraNode node : nodes.subList(1, nodes.size())) {
            joining.add(node.launch(progress));
        }
        for (int i = 1; i < nodes.size(); i++) {
            try (CqlSession ignored = nodes.get(i).awaitReady(joining.get(i - 1), started, progress)) {
                // joined
            }
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
}
