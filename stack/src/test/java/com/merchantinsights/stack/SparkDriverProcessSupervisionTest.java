package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkDriverProcessSupervisionTest {
    @TempDir
    Path temp;

    @Test
    void aDriverThatExitsWithTheStalledStatusIsReplacedByAFreshOne() throws IOException {
        int port = freePort();
        JavaLaunch launch = new JavaLaunch(
                SparkDriverProcess.NAME,
                System.getProperty("java.class.path"),
                List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"),
                StallingDriver.class.getName(),
                List.of(String.valueOf(port), temp.resolve("stalled-once").toString()),
                Map.of());
        StackDirectories dirs = new StackDirectories(temp.resolve("work"));
        dirs.create();

        try (SparkDriverProcess driver = SparkDriverProcess.start(launch, dirs, port, Progress.silent())) {
            long firstPid = driver.pid();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(driver.supervisedRestarts()).isEqualTo(1);
                assertThat(driver.pid()).isNotEqualTo(firstPid);
                assertThat(driver.isAlive()).isTrue();
            });
            driver.awaitReady(Duration.ofSeconds(30));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
