package com.merchantinsights.stack;

import java.util.List;

/**
 * The processes of one engine's nodes (issue 21): the naming of node n and stopping them all, alike for Kafka and
 * Cassandra.
 */
final class EngineNodes {
    private final List<NodeProcess> processes;

    EngineNodes(List<NodeProcess> processes) {
        this.processes = List.copyOf(processes);
    }

    /** Node 1 keeps the engine's name (the single-node stack's logs and PID file); node n is {@code <engine>-n}. */
    static String nameOf(String engine, int nodeId) {
        return nodeId == 1 ? engine : engine + "-" + nodeId;
    }

    /** SIGTERM to every node without waiting ({@link #awaitStop} completes it). */
    void requestStop() {
        processes.forEach(NodeProcess::requestStop);
    }

    /** Waits for every node to exit after {@link #requestStop}, killing those past the grace, and forgets them. */
    void awaitStop() {
        processes.forEach(NodeProcess::close);
    }

    /** Stops every node gracefully (each shuts down in its own controlled way), keeping the data. */
    void stop() {
        requestStop();
        processes.forEach(NodeProcess::awaitStop);
    }
}
