package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import com.merchantinsights.stack.StackDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local engines on three nodes (issue 21): Cassandra as one ring on 127.0.0.1–3 with our keyspace and the roles
 * replicated 3 times, so that with one node down logins and LOCAL_QUORUM writes go on, and with two down a write is
 * refused rather than acknowledged by one replica.
 */
class ClusterEnginesIT {
    private static final Ports PORTS = Ports.defaults().offsetBy(5000);
    private static LocalEngines engines;

    @BeforeAll
    static void start() {
        Path workDir = Path.of("target", "cluster-engines").toAbsolutePath();
        StackDirectories.deleteTree(workDir);
        StackConfig defaults = StackConfig.defaults(workDir);
        engines = LocalEngines.start(
                new StackConfig(workDir, PORTS, "UTC", false, defaults.etlInterval(), defaults.projectHome())
                        .withNodes(3),
                Progress.console(System.out));
    }

    @AfterAll
    static void stop() {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    void theRingKeepsWritingAtQuorumWithOneNodeDownAndRefusesWithTwoDown() {
        try (CqlSession cql = engines.endpoints().cql().build()) {
            Map<String, String> replication = cql.execute(
                            "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
                            RawEventLayout.KEYSPACE)
                    .one()
                    .getMap("replication", String.class, String.class);
            assertThat(replication).containsEntry("datacenter1", "3");
            cql.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + RawEventLayout.KEYSPACE
                            + ".cluster_probe (id text PRIMARY KEY, v int)")
                    .setTimeout(Duration.ofSeconds(60)));
            assertThat(write(cql, "all-up")).isTrue();
        }
        engines.stopCassandraNode(3);
        try (CqlSession cql = engines.endpoints().cql().build()) {
            assertThat(write(cql, "one-down")).as("2 of 3 replicas: a quorum").isTrue();
            assertThat(cql.execute(SimpleStatement.newInstance("SELECT v FROM " + RawEventLayout.KEYSPACE
                                            + ".cluster_probe WHERE id = 'all-up'")
                                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                            .one()
                            .getInt("v"))
                    .isEqualTo(1);
            engines.stopCassandraNode(2);
            assertThatThrownBy(() -> write(cql, "two-down"))
                    .as("1 of 3 replicas: refused (by the write's quorum, or already by the role check's), never"
                            + " acknowledged")
                    .isInstanceOfAny(
                            UnavailableException.class,
                            AllNodesFailedException.class,
                            com.datastax.oss.driver.api.core.servererrors.UnauthorizedException.class)
                    .hasMessageContaining("LOCAL_QUORUM");
        }
    }

    private static boolean write(CqlSession cql, String id) {
        return cql.execute(SimpleStatement.newInstance(
                                "INSERT INTO " + RawEventLayout.KEYSPACE + ".cluster_probe (id, v) VALUES (?, 1)", id)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setTimeout(Duration.ofSeconds(10)))
                .wasApplied();
    }
}
