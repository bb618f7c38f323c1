package com.merchantinsights.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.service.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's client of the admin routes against a stand-in gateway that answers as the operations service does. */
class AdminClientTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    private HttpServer gateway;
    private AdminClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        gateway.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v1/admin/etl")) {
                answer(exchange, 202, "{\"operation_id\":\"op_1\",\"state\":\"running\"}");
            } else if (path.equals("/v1/admin/reprocess")) {
                answer(exchange, 202, "{\"run_id\":7,\"state\":\"building\"}");
            } else if (path.equals("/v1/admin/operations/op_1")) {
                answer(
                        exchange,
                        200,
                        polls.incrementAndGet() < 3
                                ? "{\"operation_id\":\"op_1\",\"state\":\"running\"}"
                                : "{\"operation_id\":\"op_1\",\"state\":\"failed\",\"status\":409,"
                                        + "\"result\":{\"error\":\"another ETL is running\"}}");
            } else {
                answer(
                        exchange,
                        403,
                        "{\"code\":\"forbidden\",\"message\":\"Operations need an admin key.\",\"request_id\":\"r\"}");
            }
        });
        gateway.start();
        Path key = dir.resolve("admin.key");
        Files.writeString(key, "mi_admin_secret\n");
        client = new AdminClient(
                URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/"), key);
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    @Test
    void aLongActIsFollowedUntilItEndsAndItsOutcomeIsTheAnswer() throws Exception {
        AdminClient.Answer answer = client.post("/etl", Map.of(), Duration.ofMinutes(1));

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(Json.mapper().readTree(answer.body()).path("error").asText()).isEqualTo("another ETL is running");
        assertThat(polls.get()).isEqualTo(3);
        assertThat(seen).allSatisfy(line -> assertThat(line).endsWith(" Bearer mi_admin_secret"));
    }

    @Test
    void aBuildTheDriverStartedIsTheAnswerItself() throws Exception {
        AdminClient.Answer answer = client.post("/reprocess", Map.of("from", List.of("x")), Duration.ofMinutes(1));

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(Json.mapper().readTree(answer.body()).path("run_id").asLong())
                .isEqualTo(7);
        assertThat(seen).singleElement().asString().startsWith("POST /v1/admin/reprocess?from=x ");
    }

    @Test
    void anErrorOfTheCatalogueIsReturnedWithItsMessageAndCode() throws Exception {
        AdminClient.Answer answer = client.get("/runs", Map.of("limit", List.of("5")));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(answer.body()).path("error").asText())
                .isEqualTo("Operations need an admin key.");
        assertThat(Json.mapper().readTree(answer.body()).path("code").asText()).isEqualTo("forbidden");
        assertThat(seen).singleElement().asString().startsWith("GET /v1/admin/runs?limit=5 ");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
