package com.merchantinsights.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loopback ports of one local stack; a second stack on the same machine (a fault test) shifts them all with
 * {@link #offsetBy(int)} so that the two never collide.
 */
public record Ports(
        int kafka,
        int kafkaController,
        int cassandraCql,
        int cassandraStorage,
        int postgres,
        int gateway,
        int eventsApi,
        int insightsApi,
        int sparkControl) {

    /** Cassandra's JMX port sits this far above its storage port (7000 → 7199, as in a stock installation). */
    static final int CASSANDRA_JMX_OFFSET = 199;

    public Ports {
        requireValid("kafka", kafka);
        requireValid("kafkaController", kafkaController);
        requireValid("cassandraCql", cassandraCql);
        requireValid("cassandraStorage", cassandraStorage);
        requireValid("cassandraJmx", cassandraStorage + CASSANDRA_JMX_OFFSET);
        requireValid("postgres", postgres);
        requireValid("gateway", gateway);
        requireValid("eventsApi", eventsApi);
        requireValid("insightsApi", insightsApi);
        requireValid("sparkControl", sparkControl);
    }

    /** The documented defaults: engines on high ports so that a developer's own Kafka or PostgreSQL can keep theirs. */
    public static Ports defaults() {
        return new Ports(19092, 19093, 19042, 17000, 15432, 8080, 8081, 8082, 18090);
    }

    /** Every port plus {@code delta}, for a second stack instance. */
    public Ports offsetBy(int delta) {
        return new Ports(
                kafka + delta,
                kafkaController + delta,
                cassandraCql + delta,
                cassandraStorage + delta,
                postgres + delta,
                gateway + delta,
                eventsApi + delta,
                insightsApi + delta,
                sparkControl + delta);
    }

    /** Cassandra's local JMX port, derived rather than configured so that the record keeps the documented ports. */
    public int cassandraJmx() {
        return cassandraStorage + CASSANDRA_JMX_OFFSET;
    }

    /** The ports the engines bind, named as error messages show them, in start order. */
    Map<String, Integer> enginePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", kafka);
        ports.put("kafka controller", kafkaController);
        ports.put("cassandra", cassandraCql);
        ports.put("cassandra storage", cassandraStorage);
        ports.put("cassandra jmx", cassandraJmx());
        ports.put("postgres", postgres);
        return ports;
    }

    private static void requireValid(String name, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " port must be in 1..65535, was " + port);
        }
    }
}
