package com.merchantinsights.stack;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.core.layout.RawEventLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One local Cassandra node: runs {@code CassandraDaemon} on its data directories, waits for CQL, applies the schema.
 * {@link CassandraCluster} starts several as one ring.
 */
final class CassandraNode {
    static final String NAME = "cassandra";
    static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** The role every workload logs in as (PasswordAuthenticator); its password is in the stack's secrets. */
    static final String USER = "insights";
    /** Cassandra's default superuser, made with this password on a node without roles; disabled once ours exists. */
    private static final String DEFAULT_SUPERUSER = "cassandra";

    private final CassandraConfig cassandraConfig;
    private final StackDirectories dirs;
    private final String password;
    private final String classpath;
    private final String name;
    private final NodeProcess process;

    CassandraNode(StackConfig config, String classpath, int nodeId) {
        this.dirs = config.directories();
        this.cassandraConfig = new CassandraConfig(config.ports(), dirs.cassandra(), nodeId, config.nodes());
        this.password = password(dirs);
        this.classpath = classpath;
        this.name = nameOf(nodeId);
        this.process = new NodeProcess(name, dirs, ChildProcess.DEFAULT_GRACE);
    }

    static String nameOf(int nodeId) {
        return EngineNodes.nameOf(NAME, nodeId);
    }

    String name() {
        return name;
    }

    CassandraConfig config() {
        return cassandraConfig;
    }

    /** The node's JVM: stopping it (SIGTERM) makes Cassandra drain, flushing its memtables, before it exits. */
    NodeProcess process() {
        return process;
    }

    /** Our role's password: read from the stack's secrets, or made there (owner-only) the first time. */
    static String password(StackDirectories dirs) {
        return GeneratedSecret.readOrCreate(dirs.cassandraPassword());
    }

    InetSocketAddress contactPoint() {
        return cassandraConfig.nodeId() == 1
                ? new InetSocketAddress(
                        PortGuard.loopback(), cassandraConfig.ports().cassandraCql())
                : new InetSocketAddress(
                        cassandraConfig.address(), cassandraConfig.ports().cassandraCql());
    }

    /** Starts the node and waits until {@code SELECT release_version FROM system.local} answers. */
    void start(Progress progress) {
        start(progress, List.of());
    }

    /**
     * Starts the node, waits until it answers CQL, then applies {@link CqlScript#CASSANDRA_SCHEMA} through the same
     * session (every statement there is {@code IF NOT EXISTS}, so this is idempotent).
     */
    void startWithSchema(Progress progress) {
        start(progress, CqlScript.fromClasspath(CqlScript.CASSANDRA_SCHEMA));
    }

    private void start(Progress progress, List<String> schema) {
        long started = System.nanoTime();
        ChildProcess node = launch(progress);
        try (CqlSession cql = awaitReady(node, started, progress)) {
            if (!schema.isEmpty()) {
                applySchema(cql, schema, node);
                progress.step(name, "schema applied (" + schema.size() + " statements)");
            }
        }
    }

    /** Starts the node's JVM without waiting for it. */
    ChildProcess launch(Progress progress) {
        return process.launch(progress, this::writeConfigFiles, this::launchSpec);
    }

    /**
     * Waits until the node answers CQL as our role (making the role on a node without it) and says so; the session
     * is the caller's to close.
     */
    CqlSession awaitReady(ChildProcess node, long started, Progress progress) {
        awaitListening(node);
        AtomicReference<CqlSession> session = new AtomicReference<>();
        Readiness.await(name, node, READY_TIMEOUT, () -> session.set(openAuthenticated()));
        CqlSession cql = session.get();
        Row row = Objects.requireNonNull(
                cql.execute("SELECT release_version FROM system.local").one());
        progress.step(
                name,
                "ready in " + Readiness.elapsed(started) + " (Cassandra " + row.getString("release_version") + ", "
                        + contactPoint().getHostString() + ":"
                        + contactPoint().getPort() + ")");
        return cql;
    }

    /**
     * Waits until the node's native port accepts connections: it opens last in Cassandra's start-up, so a cheap TCP
     * probe comes first; a driver session, which costs event-loop threads and a metadata fetch, is only built once
     * something listens.
     */
    void awaitListening(ChildProcess node) {
        warmUpDriver();
        Readiness.await(name, node, READY_TIMEOUT, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(contactPoint(), 500);
            }
        });
    }

    /**
     * Replicates the roles keyspace {@code replicas} times, once a second node has joined: changed while the seed was
     * alone it would refuse every login (roles are read at LOCAL_QUORUM), and a role on one replica only is found by
     * any quorum read that includes it, which then repairs the others (each login reads our role).
     */
    void replicateRoles(int replicas) {
        try (CqlSession cql = openSession(USER, password)) {
            cql.execute("ALTER KEYSPACE system_auth WITH replication = " + replication(replicas));
        }
        try (CqlSession ignored = openSession(USER, password)) {
            // a login: reads our role at LOCAL_QUORUM, repairing the replica that lacked it
        }
    }

    /**
     * Reads every role at consistency ALL through this node (the seed): a replica that lacks one (a node that joined
     * before it had the schema streams nothing) gets it by read repair, so that a login through any node finds it.
     */
    void repairRoles() {
        try (CqlSession cql = openSession(USER, password)) {
            cql.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
                                    "SELECT role, can_login, is_superuser, member_of, salted_hash FROM system_auth.roles")
                            .setConsistencyLevel(com.datastax.oss.driver.api.core.ConsistencyLevel.ALL))
                    .all();
        }
    }

    private static String replication(int replicas) {
        return "{'class': 'NetworkTopologyStrategy', '" + CassandraConfig.LOCAL_DATACENTER + "': " + replicas + "}";
    }

    /**
     * For a ring of {@code replicas} or more nodes, run on the seed before the others join: our keyspace replicated
     * {@code replicas} times (reads and writes at LOCAL_QUORUM then survive one node down), then the schema without its
     * own {@code CREATE KEYSPACE} (as the Helm chart's schema job makes the keyspace first).
     */
    void applySchemaReplicated(Progress progress, int replicas, List<String> schema, ChildProcess node) {
        try (CqlSession cql = openSession(USER, password)) {
            cql.execute("CREATE KEYSPACE IF NOT EXISTS " + RawEventLayout.KEYSPACE + " WITH replication = "
                    + replication(replicas));
            Readiness.await(name, node, READY_TIMEOUT, () -> {
                if (!cql.checkSchemaAgreement()) {
                    throw new IllegalStateException("the nodes do not agree on the schema yet");
                }
            });
            // The script's own CREATE KEYSPACE (one replica, for one node) is left out.
            applySchema(
                    cql,
                    schema.stream()
                            .filter(statement -> !statement
                                    .strip()
                                    .toUpperCase(java.util.Locale.ROOT)
                                    .startsWith("CREATE KEYSPACE"))
                            .toList(),
                    node);
        }
        progress.step(
                name,
                RawEventLayout.KEYSPACE + " replicated " + replicas + " times; schema applied (" + schema.size()
                        + " statements); the other nodes join next");
    }

    /**
     * One session attempt while the node is still booting: it fails, but loads the driver's classes now rather than
     * on the critical path once the node is up (about a second on 2 busy cores).
     */
    private void warmUpDriver() {
        try (CqlSession ignored = openSession(USER, password)) {
            // connected already: nothing to warm up
        } catch (RuntimeException expected) {
            // nothing listens yet
        }
    }

    private static void applySchema(CqlSession session, List<String> statements, ChildProcess node) {
        for (String statement : statements) {
            try {
                session.execute(statement);
            } catch (RuntimeException e) {
                throw StackException.withLog(
                        NAME,
                        NAME + ": applying " + CqlScript.CASSANDRA_SCHEMA + " failed at: "
                                + statement.lines().findFirst().orElse(statement),
                        e,
                        node.logFile(),
                        node.tail(ChildProcess.TAIL_LINES));
            }
        }
    }

    /**
     * A session as our role. On a node without it (the first start, or a data directory from before authentication)
     * Cassandra's default superuser makes it — a superuser, with the password from the stack's secrets — and is then
     * disabled (no login, a random password nobody keeps), so that no well-known password opens the node.
     */
    private CqlSession openAuthenticated() {
        try {
            return openSession(USER, password);
        } catch (AllNodesFailedException e) {
            if (!refusedCredentials(e)) {
                throw e;
            }
        }
        try (CqlSession superuser = openSession(DEFAULT_SUPERUSER, DEFAULT_SUPERUSER)) {
            superuser.execute("CREATE ROLE IF NOT EXISTS " + USER + " WITH PASSWORD = '" + password
                    + "' AND LOGIN = true AND SUPERUSER = true");
        }
        CqlSession ours = openSession(USER, password);
        ours.execute("ALTER ROLE " + DEFAULT_SUPERUSER + " WITH PASSWORD = '" + GeneratedSecret.random()
                + "' AND LOGIN = false AND SUPERUSER = false");
        return ours;
    }

    private static boolean refusedCredentials(AllNodesFailedException e) {
        return e.getAllErrors().values().stream()
                .flatMap(List::stream)
                .anyMatch(error -> error instanceof AuthenticationException);
    }

    private CqlSession openSession(String user, String secret) {
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                // DDL on a node that shares 2 cores with three other JVMs can be slow; defaults are 2 s.
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                // The stack only runs statements: no schema or token metadata to fetch and keep up to date.
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                // Netty's default 2-second quiet period makes every close() take 2 s; nothing is in flight here.
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        return CqlSession.builder()
                .addContactPoint(contactPoint())
                .withLocalDatacenter(CassandraConfig.LOCAL_DATACENTER)
                .withAuthCredentials(user, secret)
                .withConfigLoader(loader)
                .build();
    }

    JavaLaunch launchSpec() {
        return new JavaLaunch(
                name,
                classpath,
                CassandraJvmFlags.of(cassandraConfig, classpath),
                MAIN_CLASS,
                List.of(),
                Map.of(),
                MemoryLock.withoutLockingPrefix());
    }

    private void writeConfigFiles() {
        try {
            Files.createDirectories(cassandraConfig.dataDir());
            Files.writeString(cassandraConfig.yamlFile(), cassandraConfig.cassandraYaml());
            Files.writeString(cassandraConfig.logbackFile(), cassandraConfig.logbackXml());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write Cassandra's configuration under " + cassandraConfig.nodeDir(), e);
        }
    }
}
