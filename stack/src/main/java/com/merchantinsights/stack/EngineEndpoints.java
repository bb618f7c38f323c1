package com.merchantinsights.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How clients reach the engines of a local stack. Derived from the ports and the stack's secret files, so a process
 * that did not start the engines (the Spark driver's launcher, a service) computes the same addresses and credentials.
 *
 * @param kafkaBootstrapServers    {@code host:port} of each Kafka node's listener, comma-separated
 * @param cassandraContactPoint    the CQL endpoint
 * @param cassandraLocalDatacenter the data center drivers must name as local
 * @param jdbcUrl                  the warehouse's JDBC URL
 * @param jdbcUser                 the warehouse user
 * @param jdbcPassword             the warehouse password
 * @param cassandraUser            the Cassandra role the workloads log in as (PasswordAuthenticator)
 * @param cassandraPassword        its password
 */
public record EngineEndpoints(
        String kafkaBootstrapServers,
        InetSocketAddress cassandraContactPoint,
        String cassandraLocalDatacenter,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String cassandraUser,
        String cassandraPassword) {

    public EngineEndpoints {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(cassandraContactPoint, "cassandraContactPoint");
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
                new InetSocketAddress(PortGuard.loopback(), ports.cassandraCql()),
                CassandraConfig.LOCAL_DATACENTER,
                PostgresNode.jdbcUrl(ports),
                PostgresNode.USER,
                PostgresNode.password(config.directories()),
                CassandraNode.USER,
                CassandraNode.password(config.directories()));
    }

    /** A CQL session builder for this stack's Cassandra: contact point, local data center, credentials. */
    public CqlSessionBuilder cql() {
        return CqlSession.builder()
                .addContactPoint(cassandraContactPoint)
                .withLocalDatacenter(cassandraLocalDatacenter)
                .withAuthCredentials(cassandraUser, cassandraPassword);
    }

    /** Every endpoint but the password, which a log line must not carry. */
    @Override
    public String toString() {
        return "EngineEndpoints[kafkaBootstrapServers=" + kafkaBootstrapServers + ", cassandraContactPoint="
                + cassandraContactPoint + ", cassandraLocalDatacenter=" + cassandraLocalDatacenter + ", jdbcUrl="
                + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPassword=***, cassandraUser=" + cassandraUser
                + ", cassandraPassword=***]";
    }
}
