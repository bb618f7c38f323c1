package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverControlTest {
    @TempDir
    Path temp;

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer driver;

    @BeforeEach
    void startDriver() throws IOException {
        driver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        driver.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        driver.start();
    }

    @AfterEach
    void stopDriver() {
        driver.stop(0);
    }

    @Test
    void everyRequestCarriesTheTokenOfTheDriverRunningNow() throws Exception {
        Path tokenFile = temp.resolve("run/spark-control.token");
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, "first-start-token");
        DriverControl control = new DriverControl(driver.getAddress().getPort(), tokenFile);

        control.post("/etl", Map.of(), Duration.ofSeconds(10));
        Files.writeString(tokenFile, "restarted-driver-token");
        control.get("/reprocess", Map.of("limit", List.of("5")));

        assertThat(authorizations).containsExactly("Bearer first-start-token", "Bearer restarted-driver-token");
    }
}
