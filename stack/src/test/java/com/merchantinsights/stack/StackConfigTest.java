package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackConfigTest {
    @TempDir
    Path workDir;

    @Test
    void defaultsAreDurableWithAFiveMinuteEtlForIndianMerchants() {
        StackConfig config = StackConfig.defaults(workDir);

        assertThat(config.ports()).isEqualTo(Ports.defaults());
        assertThat(config.defaultZone()).isEqualTo("Asia/Kolkata");
        assertThat(config.durableWarehouse()).isTrue();
        assertThat(config.etlInterval()).isEqualTo(Duration.ofMinutes(5));
        // surefire runs in stack/, inside the project
        assertThat(config.projectHome().resolve(ProjectHome.MARKER)).exists();
    }

    @Test
    void withersChangeOneSettingEach() {
        StackConfig config = StackConfig.defaults(workDir)
                .withPorts(Ports.defaults().offsetBy(1000))
                .withDurableWarehouse(false)
                .withEtlInterval(Duration.ofSeconds(30))
                .withDefaultZone("Asia/Kathmandu");

        assertThat(config.ports().kafka()).isEqualTo(20092);
        assertThat(config.durableWarehouse()).isFalse();
        assertThat(config.etlInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.defaultZone()).isEqualTo("Asia/Kathmandu");
        assertThat(config.workDir()).isEqualTo(workDir.toAbsolutePath());
    }

    @Test
    void workDirIsMadeAbsolute() {
        StackConfig config =
                new StackConfig(Path.of("var/stack"), Ports.defaults(), "UTC", true, Duration.ofMinutes(1), workDir);

        assertThat(config.workDir()).isAbsolute().endsWithRaw(Path.of("var/stack"));
    }

    @Test
    void rejectsAnUnknownZoneAndANonPositiveInterval() {
        assertThatThrownBy(() -> new StackConfig(
                        workDir, Ports.defaults(), "Mars/Olympus", true, Duration.ofMinutes(5), workDir))
                .isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> new StackConfig(workDir, Ports.defaults(), "UTC", true, Duration.ZERO, workDir))
                .hasMessageContaining("etlInterval must be positive");
    }

    @Test
    void directoriesLayOutEverythingUnderTheWorkDir() {
        StackDirectories dirs = StackConfig.defaults(workDir).directories();
        dirs.create();

        assertThat(dirs.kafka()).isEqualTo(workDir.resolve("kafka")).isDirectory();
        assertThat(dirs.cassandra()).isDirectory();
        assertThat(dirs.postgres()).isDirectory();
        assertThat(dirs.spark()).isDirectory();
        assertThat(dirs.logFile("kafka")).isEqualTo(workDir.resolve("logs/kafka.log"));
        assertThat(dirs.pidFile("kafka")).isEqualTo(workDir.resolve("run/kafka.pid"));
        assertThat(Files.isDirectory(dirs.run())).isTrue();
    }
}
