package com.merchantinsights.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Everything that differs between two local stacks on one machine: where their data lives, their ports, and the
 * few settings the engines and the Spark driver take from the stack.
 *
 * @param workDir           root of all data, logs and PID files of this stack
 * @param ports             loopback ports of the engines and services
 * @param defaultZone       IANA time zone of merchants that have not chosen one
 * @param durableWarehouse  PostgreSQL with fsync and synchronous commit (true for a real local run; tests may trade
 *                          durability for speed)
 * @param etlInterval       how often the Spark driver refreshes the cubes
 * @param projectHome       the checked-out project, whose build wrote the engines' classpath files
 * @param nodes             Kafka nodes (1 by default; 3 for the fault runs of issue 21: RF 3, 2 in sync)
 */
public record StackConfig(
        Path workDir,
        Ports ports,
        String defaultZone,
        boolean durableWarehouse,
        Duration etlInterval,
        Path projectHome,
        int nodes) {

    public static final String DEFAULT_ZONE = "Asia/Kolkata";
    public static final Duration DEFAULT_ETL_INTERVAL = Duration.ofMinutes(5);

    public StackConfig {
        workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(defaultZone, "defaultZone");
        ZoneId.of(defaultZone); // fails fast on an unknown zone, with the JDK's own message
        Objects.requireNonNull(etlInterval, "etlInterval");
        if (etlInterval.isNegative() || etlInterval.isZero()) {
            throw new IllegalArgumentException("etlInterval must be positive, was " + etlInterval);
        }
        projectHome = Objects.requireNonNull(projectHome, "projectHome")
                .toAbsolutePath()
                .normalize();
        if (nodes < 1 || nodes > 5) {
            throw new IllegalArgumentException("nodes must be 1..5, was " + nodes);
        }
    }

    /** One node of each engine. */
    public StackConfig(
            Path workDir,
            Ports ports,
            String defaultZone,
            boolean durableWarehouse,
            Duration etlInterval,
            Path projectHome) {
        this(workDir, ports, defaultZone, durableWarehouse, etlInterval, projectHome, 1);
    }

    /** Default ports, durable warehouse, a 5-minute ETL, merchants in India by default, the project found by {@link ProjectHome}. */
    public static StackConfig defaults(Path workDir) {
        return new StackConfig(
                workDir, Ports.defaults(), DEFAULT_ZONE, true, DEFAULT_ETL_INTERVAL, ProjectHome.locate());
    }

    public StackConfig withPorts(Ports newPorts) {
        return new StackConfig(workDir, newPorts, defaultZone, durableWarehouse, etlInterval, projectHome, nodes);
    }

    public StackConfig withDurableWarehouse(boolean durable) {
        return new StackConfig(workDir, ports, defaultZone, durable, etlInterval, projectHome, nodes);
    }

    public StackConfig withEtlInterval(Duration interval) {
        return new StackConfig(workDir, ports, defaultZone, durableWarehouse, interval, projectHome, nodes);
    }

    public StackConfig withDefaultZone(String zone) {
        return new StackConfig(workDir, ports, zone, durableWarehouse, etlInterval, projectHome, nodes);
    }

    /** With {@code count} Kafka nodes. */
    public StackConfig withNodes(int count) {
        return new StackConfig(workDir, ports, defaultZone, durableWarehouse, etlInterval, projectHome, count);
    }

    public StackDirectories directories() {
        return new StackDirectories(workDir);
    }
}
