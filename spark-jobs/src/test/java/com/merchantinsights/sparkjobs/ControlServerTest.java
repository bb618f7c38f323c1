package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.etl.EtlSummary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control endpoint over a real socket: loopback only, the token on every route but /ready, no browsers. */
class ControlServerTest {
    private static final String EVIL_ORIGIN = "http://evil.example";

    @TempDir
    Path temp;

    private final ControlRoutesTest.FakeDriver driver = new ControlRoutesTest.FakeDriver();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ControlServer server;
    private String token;

    @BeforeEach
    void start() throws IOException {
        ControlToken controlToken = ControlToken.random(new SecureRandom());
        Path file = temp.resolve("run/spark-control.token");
        controlToken.writeTo(file);
        token = Files.readString(file);
        driver.summary = new EtlSummary(7, 3, 5, 6, 1495, 900, 500, false);
        driver.ready = true;
        server = ControlServer.start(0, new ControlAccess(controlToken), new ControlRoutes(driver));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listensOnTheLoopbackAddressOnly() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void aPostWithoutTheTokenIs401AndRunsNothing() throws Exception {
        HttpResponse<String> answer = send(post("/etl"));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).startsWith("{\"error\":").contains("control token");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue(ControlRoutes.JSON);
        assertThat(answer.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(driver.etlRuns).isZero();
    }

    @Test
    void aWrongTokenIs401AndRunsNothing() throws Exception {
        String wrong = oneCharacterOff(token);

        assertThat(send(post("/etl").header("Authorization", "Bearer " + wrong)).statusCode())
                .isEqualTo(401);
        assertThat(send(post("/etl").header("Authorization", "Basic " + token)).statusCode())
                .isEqualTo(401);
        assertThat(driver.etlRuns).isZero();
    }

    @Test
    void theRightTokenRunsTheRoute() throws Exception {
        HttpResponse<String> answer = send(post("/etl").header("Authorization", "Bearer " + token));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"run_id\":7");
        assertThat(driver.etlRuns).isEqualTo(1);
    }

    @Test
    void aRequestWithAnOriginIs403EvenWithTheRightTokenAndRunsNothing() throws Exception {
        HttpResponse<String> answer =
                send(post("/etl").header("Authorization", "Bearer " + token).header("Origin", EVIL_ORIGIN));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).startsWith("{\"error\":").contains("cross-origin");
        assertThat(driver.etlRuns).isZero();
    }

    @Test
    void theReadinessProbeNeedsNoToken() throws Exception {
        HttpResponse<String> answer = send(get("/ready"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"ready\":true}");
    }

    @Test
    void everyOtherRouteNeedsTheTokenReadsIncluded() throws Exception {
        for (String path : new String[] {"/status", "/metrics", "/rederive", "/reprocess", "/reprocess/diff?run=7"}) {
            assertThat(send(get(path)).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(send(get("/no-such-route")).statusCode()).isEqualTo(401);
        assertThat(send(post("/ready")).statusCode()).isEqualTo(401);
        assertThat(send(get("/status").header("Authorization", "Bearer " + token))
                        .statusCode())
                .isEqualTo(200);
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Same length and alphabet, one character different: what a constant-time compare must still refuse. */
    private static String oneCharacterOff(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
