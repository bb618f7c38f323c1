package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.stack.DriverControlToken;
import com.merchantinsights.stack.StackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The running Spark driver's control port (decision 0037): no state-changing request without the token the driver
 * wrote owner-only under the work directory, none from a web page even with it; the readiness probe needs neither.
 */
@ExtendWith(SharedSystem.class)
class ControlPortIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theDriverRefusesCallersWithoutItsTokenAndBrowsersAltogether() throws Exception {
        StackConfig config = SharedSystem.system().config();

        assertThat(Files.getPosixFilePermissions(config.directories().controlToken()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(send(request(config, "/reprocess/discard?run=0")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(request(config, "/reprocess/discard?run=0")
                                .header("Authorization", "Bearer not-the-token")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(DriverControlToken.authorize(
                                        request(config, "/reprocess/discard?run=0"),
                                        config.directories().controlToken())
                                .header("Origin", "http://evil.example")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(request(config, "/ready").GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(DriverControlToken.authorize(
                                        request(config, "/status"),
                                        config.directories().controlToken())
                                .GET()
                                .build())
                        .statusCode())
                .isEqualTo(200);
    }

    private static HttpRequest.Builder request(StackConfig config, String pathAndQuery) {
        return HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + config.ports().sparkControl() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
