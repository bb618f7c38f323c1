package com.merchantinsights.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How clients reach the engines of a local stack. Derived from the ports and the stack's secret files, so a process
 * that did not start the engines (the Spark driver's launcher, a service) computes the same addresses and credentials.
 *
 * @param kafkaBootstrapServers    {@code host:port} of each Kafka node's listener, comma-separated
 * @param cassandraContactPoints   the CQL endpoint of every node: a client that knew only one could not start while
 *                                 that node is down, which on a ring is the normal case somewhere (issue 21)
 * @param cassandraLocalDatacenter the data center drivers must name as local
 * @param jdbcUrl                  the warehouse's JDBC URL
 * @param jdbcUser                 the warehouse user
 * @param jdbcPassword             the warehouse password
 * @param cassandraUser            the Cassandra role the workloads log in as (PasswordAuthenticator)
 * @param cassandraPassword        its password
 */
public record EngineEndpoints(
        String kafkaBootstrapServers,
        List<InetSocketAddress> cassandraContactPoints,
        String cassandraLocalDatacenter,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String cassandraUser,
        String cassandraPassword) {

    public EngineEndpoints {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        cassandraContactPoints = List.copyOf(cassandraContactPoints);
        if (cassandraContactPoints.isEmpty()) {
            throw new IllegalArgumentException("no Cassandra contact point");
        }
        Objects.requireNonNull(cassandraLocalDatacenter, "cassandraLocalDatacenter");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        Objects.requireNonNull(cassandraUser, "cassandraUser");
        Objects.requireNonNull(cassandraPassword, "cassandraPassword");
    }

    /** The local stack's engines: its ports, and the engines' passwords from its secrets (made if missing). */
    public static EngineEndpoints of(StackConfig config) {
        Ports ports = config.ports();
        return new EngineEndpoints(
                KafkaServerConfig.clusterBootstrap(ports, config.nodes()),
                cassandraContactPoints(ports, config.nodes()),
                CassandraConfig.LOCAL_DATACENTER,
                PostgresNode.jdbcUrl(ports),
                PostgresNode.USER,
                PostgresNode.password(config.directories()),
                CassandraNode.USER,
                CassandraNode.password(config.directories()));
    }

    /** Node n listens on 127.0.0.n, every node on the same CQL port ({@link CassandraConfig#address()}). */
    private static List<InetSocketAddress> cassandraContactPoints(Ports ports, int nodes) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            points.add(new InetSocketAddress("127.0.0." + id, ports.cassandraCql()));
        }
        return points;
    }

    /** The first node's CQL endpoint (the seed's), for a client that takes one. */
    public InetSocketAddress cassandraContactPoint() {
        return cassandraContactPoints.get(0);
    }

    /** The contact points' hosts, comma-separated, as the Spark connector's {@code connection.host} takes them. */
    public String cassandraHosts() {
        return String.join(
                ",",
                cassandraContactPoints.stream()
                        .map(InetSocketAddress::getHostString)
                        .toList());
    }

    /** A CQL session builder for this stack's Cassandra: every contact point, local data center, credentials. */
    public CqlSessionBuilder cql() {
        return CqlSession.builder()
                .addContactPoints(List.copyOf(cassandraContactPoints))
                .withLocalDatacenter(cassandraLocalDatacenter)
                .withAuthCredentials(cassandraUser, cassandraPassword);
    }

    /** Every endpoint but the password, which a log line must not carry. */
    @Override
    public String toString() {
        return "EngineEndpoints[kafkaBootstrapServers=" + kafkaBootstrapServers + ", cassandraContactPoints="
                + cassandraContactPoints + ", cassandraLocalDatacenter=" + cassandraLocalDatacenter + ", jdbcUrl="
                + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPassword=***, cassandraUser=" + cassandraUser
                + ", cassandraPassword=***]";
    }
}
