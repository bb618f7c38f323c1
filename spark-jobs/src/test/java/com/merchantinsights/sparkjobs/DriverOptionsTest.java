package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.etl.CubeEtlConfig;
import com.merchantinsights.stream.StreamProcessorConfig;
import com.merchantinsights.stream.history.ArchiveConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DriverOptionsTest {
    private static final String[] REQUIRED = {
        "--kafka-bootstrap",
        "127.0.0.1:21092",
        "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:17432/insights",
        "--jdbc-user",
        "insights",
        "--checkpoint-dir",
        "/tmp/cp",
        "--control-port",
        "20090"
    };

    @Test
    void defaultsSuitALocalStack() {
        DriverOptions options = parse(REQUIRED);

        assertThat(options.cassandraHost).isEqualTo("127.0.0.1");
        assertThat(options.cassandraPort).isEqualTo(9042);
        assertThat(options.cassandraDc).isEqualTo("datacenter1");
        assertThat(options.etlInterval).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.triggerInterval).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.defaultZone).isEqualTo(ZoneId.of("UTC"));
        assertThat(options.shufflePartitions).isEqualTo(4);
        assertThat(options.maxOffsetsPerTrigger).isEqualTo(StreamProcessorConfig.DEFAULT_MAX_OFFSETS_PER_TRIGGER);
        assertThat(options.stallTimeout).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.archiveConfig())
                .isEqualTo(new ArchiveConfig("file:///tmp/archive", Duration.ofDays(90), Duration.ofMinutes(10)));
        assertThat(options.archiveInterval).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void takesTheArchiveAsALocalPathOrAsAnyHadoopUrl() {
        List<String> args = new ArrayList<>(List.of(REQUIRED));
        args.addAll(List.of(
                "--archive-dir",
                "s3a://insights-archive/raw",
                "--archive-settle",
                "PT1M",
                "--archive-interval",
                "PT1H"));
        DriverOptions options = parse(args.toArray(String[]::new));
        options.validate();
        assertThat(options.archiveConfig())
                .isEqualTo(new ArchiveConfig("s3a://insights-archive/raw", Duration.ofDays(90), Duration.ofMinutes(1)));
        assertThat(options.archiveInterval).isEqualTo(Duration.ofHours(1));

        List<String> local = new ArrayList<>(List.of(REQUIRED));
        local.addAll(List.of("--archive-dir", "/var/insights/archive"));
        assertThat(parse(local.toArray(String[]::new)).archiveUrl()).isEqualTo("file:///var/insights/archive");
    }

    @Test
    void mapsEveryOptionIntoTheJobsConfigs() {
        DriverOptions options = parse(
                "--kafka-bootstrap",
                "127.0.0.1:21092",
                "--cassandra-host",
                "10.0.0.1",
                "--cassandra-port",
                "21042",
                "--cassandra-dc",
                "dc2",
                "--jdbc-url",
                "jdbc:postgresql://db/insights",
                "--jdbc-user",
                "etl",
                "--jdbc-password",
                "secret",
                "--checkpoint-dir",
                "/var/cp",
                "--etl-interval",
                "PT30S",
                "--default-zone",
                "Asia/Kolkata",
                "--control-port",
                "20090",
                "--trigger-interval",
                "PT0.5S",
                "--shuffle-partitions",
                "2",
                "--max-offsets-per-trigger",
                "1000",
                "--stall-timeout",
                "PT3M",
                "--raw-retention",
                "P30D",
                "--writes-in-flight",
                "32",
                "--stream-tasks",
                "6",
                "--identity-buckets",
                "256",
                "--identity-window",
                "P14D",
                "--lease-ttl",
                "PT30S",
                "--raw-shards",
                "64",
                "--etl-max-feed-events",
                "250000");
        options.validate();

        assertThat(options.streamConfig())
                .isEqualTo(new StreamProcessorConfig(
                        "127.0.0.1:21092",
                        Path.of("/var/cp"),
                        Duration.ofMillis(500),
                        1000,
                        Duration.ofDays(30),
                        32,
                        6,
                        256,
                        Duration.ofDays(14),
                        64));
        assertThat(options.leaseTtl).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.etlConfig())
                .isEqualTo(new CubeEtlConfig(
                        "jdbc:postgresql://db/insights",
                        "etl",
                        "secret",
                        ZoneId.of("Asia/Kolkata"),
                        com.merchantinsights.core.cube.CubeDefinitionFile.standard(),
                        250_000));
        assertThat(options.etlConfig().toString()).doesNotContain("secret");
        assertThat(options.cassandraHost).isEqualTo("10.0.0.1");
        assertThat(options.cassandraPort).isEqualTo(21042);
        assertThat(options.cassandraDc).isEqualTo("dc2");
        assertThat(options.etlInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.shufflePartitions).isEqualTo(2);
        assertThat(options.stallTimeout).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void failsFastOnValuesThatCannotWork() {
        assertThatThrownBy(() -> parse(with("--etl-interval", "PT0S")).validate())
                .hasMessageContaining("--etl-interval");
        assertThatThrownBy(() -> parse(with("--stall-timeout", "PT5S")).validate())
                .hasMessageContaining("--stall-timeout");
        assertThatThrownBy(() -> parse(with("--identity-window", "P6D")).validate())
                .hasMessageContaining("identityWindow");
        assertThatThrownBy(() -> parse(with("--jdbc-url", "jdbc:mysql://db")).validate())
                .hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> parse("--kafka-bootstrap", "127.0.0.1:21092"))
                .isInstanceOf(CommandLine.MissingParameterException.class);
    }

    @Test
    void theLocalDriverNeedsAFileForItsControlToken() {
        assertThatThrownBy(() -> parse(REQUIRED).validateForLocalDriver())
                .hasMessageContaining("--control-token-file is required");

        DriverOptions options = parse(with("--control-token-file", "/var/insights/run/spark-control.token"));
        options.validateForLocalDriver();
        assertThat(options.controlTokenFile).isEqualTo(Path.of("/var/insights/run/spark-control.token"));
        // The cluster's stream job serves no control endpoint and needs no token file.
        parse(REQUIRED).validate();
    }

    /** The required options, with {@code option} set to {@code value} (replaced or added). */
    private static String[] with(String option, String value) {
        List<String> args = new ArrayList<>(List.of(REQUIRED));
        int at = args.indexOf(option);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.addAll(List.of(option, value));
        }
        return args.toArray(String[]::new);
    }

    private static DriverOptions parse(String... args) {
        LocalSparkDriver driver = new LocalSparkDriver();
        new CommandLine(driver).parseArgs(args);
        return driver.options;
    }
}
