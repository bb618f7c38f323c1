package com.merchantinsights.stack;

import com.merchantinsights.core.layout.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/** The local Kafka broker: formats its storage once, runs {@code kafka.Kafka}, and creates the events topic. */
final class KafkaNode {
    static final String NAME = "kafka";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);
    static final List<String> JVM_FLAGS = List.of(
            // kafka-server-start.sh's fixed heap (from a 512 MiB start the young generation stayed small: a young
            // collection every 5-10 s under ingest, each 5-20 ms that every produce request in flight waits out)
            "-Xms1g",
            "-Xmx1g",
            // kafka-run-class.sh's defaults: short pauses matter more than throughput for a broker
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");
    /** The format tool runs once and briefly: a small heap and the C1 compiler only start it faster. */
    private static final List<String> FORMAT_JVM_FLAGS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final KafkaServerConfig serverConfig;
    private final StackDirectories dirs;
    private final String classpath;
    private final NodeProcess process;

    KafkaNode(StackConfig config, String classpath) {
        this.dirs = config.directories();
        this.serverConfig = new KafkaServerConfig(config.ports(), dirs.kafka());
        this.classpath = classpath;
        this.process = new NodeProcess(NAME, dirs, ChildProcess.DEFAULT_GRACE);
    }

    /** The broker's JVM: stopping it (SIGTERM) makes the broker shut down in a controlled way before it exits. */
    NodeProcess process() {
        return process;
    }

    String bootstrapServers() {
        return serverConfig.bootstrapServers();
    }

    /** Starts the broker and waits until it answers metadata requests and our topics exist. */
    void start(Progress progress) {
        long started = System.nanoTime();
        ChildProcess broker = process.launch(progress, () -> prepare(progress), this::launchSpec);
        try (Admin admin = Admin.create(adminProperties())) {
            Readiness.await(NAME, broker, READY_TIMEOUT, () -> {
                if (admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                        .nodes()
                        .get()
                        .isEmpty()) {
                    throw new IllegalStateException("no broker registered yet");
                }
            });
            progress.step(NAME, "ready in " + Readiness.elapsed(started) + " (" + bootstrapServers() + ")");
            Readiness.await(NAME, broker, READY_TIMEOUT, () -> createTopics(admin));
            progress.step(
                    NAME,
                    "topics " + Topics.EVENTS + " (" + Topics.LOCAL_EVENTS_PARTITIONS + " partitions), "
                            + Topics.DEAD_LETTERS);
        }
    }

    /** The configuration files on every start; the storage format on the first one only. */
    private void prepare(Progress progress) {
        writeConfigFiles();
        if (!Files.exists(serverConfig.metaProperties())) {
            progress.step(NAME, "formatting storage");
            format();
        }
    }

    private JavaLaunch launchSpec() {
        return new JavaLaunch(
                NAME,
                classpath,
                brokerJvmFlags(),
                "kafka.Kafka",
                List.of(serverConfig.serverPropertiesFile().toString()),
                Map.of());
    }

    List<String> brokerJvmFlags() {
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        flags.add("-Dlog4j2.configurationFile=" + serverConfig.log4j2File());
        // As kafka-run-class.sh does: a broker's pauses are the first suspect when produce latency has a tail.
        flags.add("-Xlog:gc:file=" + dirs.logs().resolve("kafka-gc.log") + ":time,uptime:filecount=2,filesize=10m");
        return flags;
    }

    private void writeConfigFiles() {
        try {
            Files.createDirectories(serverConfig.dataDir());
            Files.writeString(serverConfig.serverPropertiesFile(), serverConfig.serverPropertiesText());
            Files.writeString(serverConfig.log4j2File(), serverConfig.log4j2Xml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka's configuration under " + dirs.kafka(), e);
        }
    }

    /** {@code kafka-storage.sh format}: gives the new node its cluster id and initial metadata. */
    private void format() {
        List<String> flags = new ArrayList<>(FORMAT_JVM_FLAGS);
        flags.add("-Dlog4j2.configurationFile=" + serverConfig.log4j2File());
        JavaLaunch launch = new JavaLaunch(
                "kafka-format",
                classpath,
                flags,
                "kafka.tools.StorageTool",
                List.of(
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        serverConfig.serverPropertiesFile().toString()),
                Map.of());
        ChildProcess tool = ChildProcess.start(launch, dirs);
        if (!tool.awaitExit(FORMAT_TIMEOUT)) {
            tool.kill();
            throw StackException.withLog(
                    NAME,
                    "kafka storage format did not finish in " + FORMAT_TIMEOUT.toSeconds() + " s",
                    null,
                    tool.logFile(),
                    tool.tail(ChildProcess.TAIL_LINES));
        }
        tool.forget();
        int exitCode = tool.exitCode().orElse(-1);
        if (exitCode != 0) {
            throw StackException.withLog(
                    NAME,
                    "kafka storage format exited with code " + exitCode,
                    null,
                    tool.logFile(),
                    tool.tail(ChildProcess.TAIL_LINES));
        }
    }

    private static void createTopics(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic events = new NewTopic(Topics.EVENTS, Topics.LOCAL_EVENTS_PARTITIONS, (short) 1);
        // Dead letters are few and must outlive the events topic's 7 days: kept as long as the raw store.
        NewTopic deadLetters = new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1)
                .configs(java.util.Map.of("retention.ms", Long.toString(Topics.DEAD_LETTER_RETENTION.toMillis())));
        for (NewTopic topic : List.of(events, deadLetters)) {
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "insights-stack");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "250");
        return p;
    }
}
