package com.merchantinsights.bench;

import java.util.List;

/** The faults of the chaos run (issue 21), in the order the run applies them. */
enum ChaosFault {
    /** One Kafka broker (not the events topic's first leader) SIGKILLed, restarted after 20 s. */
    KAFKA_BROKER_KILLED,
    /** The broker leading the events topic's partition 0 SIGKILLed, restarted after 20 s. */
    KAFKA_LEADER_KILLED,
    /**
     * One Cassandra node SIGKILLed; 30 s later a second one for 15 s (quorum lost: writes refused and retried); then
     * both restarted. On one node: the node killed and restarted.
     */
    CASSANDRA_NODES_KILLED,
    /** The Spark driver SIGKILLed while a micro-batch with records runs (its own status says so), then restarted. */
    DRIVER_KILLED_MID_BATCH,
    /** The driver halted inside the cube refresh's open warehouse transaction, then restarted. */
    ETL_KILLED_LOADING,
    /** The driver halted right after the refresh's commit, before its staging is dropped, then restarted. */
    ETL_KILLED_AFTER_COMMIT,
    /** PostgreSQL crashed (immediate shutdown) during a burst of insights queries, restarted after 15 s. */
    POSTGRES_CRASHED,
    /** One of the two events API instances SIGKILLed without draining, restarted after 20 s. */
    EVENTS_API_KILLED,
    /** The services' process (gateway, events API, insights API, operations API) SIGKILLed and started again. */
    SERVICES_KILLED;

    /** The full run on three-node engines. */
    static final List<ChaosFault> FULL = List.of(values());

    /** The CI form on single-node engines (issue 21: driver kill, Cassandra restart, Kafka restart, ETL kill). */
    static final List<ChaosFault> SHORT =
            List.of(KAFKA_BROKER_KILLED, CASSANDRA_NODES_KILLED, DRIVER_KILLED_MID_BATCH, ETL_KILLED_AFTER_COMMIT);
}
