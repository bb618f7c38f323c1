package com.merchantinsights.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * One local Kafka node (broker and controller): formats its storage once with the cluster's id and runs
 * {@code kafka.Kafka}. {@link KafkaCluster} starts the nodes together and creates the topics.
 */
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
    private final String name;
    private final NodeProcess process;

    KafkaNode(StackConfig config, String classpath, int nodeId) {
        this.dirs = config.directories();
        this.serverConfig = new KafkaServerConfig(config.ports(), dirs.kafka(), nodeId, config.nodes());
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

    KafkaServerConfig serverConfig() {
        return serverConfig;
    }

    /** The broker's JVM: stopping it (SIGTERM) makes the broker shut down in a controlled way before it exits. */
    NodeProcess process() {
        return process;
    }

    String bootstrapServers() {
        return serverConfig.bootstrapServers();
    }

    /** Starts the node's JVM without waiting for it: a quorum of several nodes elects a leader only once enough run. */
    ChildProcess launch(Progress progress) {
        return process.launch(progress, () -> prepare(progress), this::launchSpec);
    }

    /** The configuration files on every start; the storage format on the first one only. */
    private void prepare(Progress progress) {
        writeConfigFiles();
        if (!Files.exists(serverConfig.metaProperties())) {
            progress.step(name, "formatting storage");
            format();
        }
    }

    private JavaLaunch launchSpec() {
        return new JavaLaunch(
                name,
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
        flags.add("-Xlog:gc:file=" + dirs.logs().resolve(name + "-gc.log") + ":time,uptime:filecount=2,filesize=10m");
        return flags;
    }

    private void writeConfigFiles() {
        try {
            Files.createDirectories(serverConfig.dataDir());
            Files.writeString(serverConfig.serverPropertiesFile(), serverConfig.serverPropertiesText());
            Files.writeString(serverConfig.log4j2File(), serverConfig.log4j2Xml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka's configuration under " + serverConfig.nodeDir(), e);
        }
    }

    /** {@code kafka-storage.sh format}: gives the new node the cluster's id and initial metadata. */
    private void format() {
        List<String> flags = new ArrayList<>(FORMAT_JVM_FLAGS);
        flags.add("-Dlog4j2.configurationFile=" + serverConfig.log4j2File());
        JavaLaunch launch = new JavaLaunch(
                name + "-format",
                classpath,
                flags,
                "kafka.tools.StorageTool",
                List.of(
                        "format",
                        "-t",
                        clusterId(),
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

    /** The cluster's id, made by the first node formatted and read by every other: one cluster, however many nodes. */
    private String clusterId() {
        Path file = serverConfig.clusterIdFile();
        synchronized (KafkaNode.class) {
            try {
                if (!Files.exists(file)) {
                    Files.writeString(file, Uuid.randomUuid().toString());
                }
                return Files.readString(file).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or write Kafka's cluster id at " + file, e);
            }
        }
    }
}
