package com.merchantinsights.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.merchant.MerchantSettings;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.insights.query.InMemoryCubeRows;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.RequestIds;
import com.merchantinsights.service.ServiceApp;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.identity.IdentityVerifier;
import com.merchantinsights.service.identity.RequestBinding;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;

/**
 * The insights API's routes on a port of their own, over stores in memory, behind the same error mapping and identity
 * check as the service: requests are signed as the gateway signs them, at a fixed instant.
 */
final class InMemoryInsightsApi implements AutoCloseable {
    static final CubeDefinition CUBE = CubeDefinitionFile.standard();
    static final MetricCatalogue CATALOGUE = MetricCatalogue.standard(CUBE);
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
    static final IdentityKeys.SigningKey GATEWAY_KEY = IdentityKeys.generate("test");
    private static final String ORDER_COMPLETED = "order.completed";

    final InMemoryCubeRows rows = new InMemoryCubeRows();
    final InMemoryCubeReader cubes = new InMemoryCubeReader();
    final InMemoryMerchantRegistry merchants = new InMemoryMerchantRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Javalin app;

    InMemoryInsightsApi() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        GatewayIdentity identity = new GatewayIdentity(
                new IdentityVerifier(Map.of("test", GATEWAY_KEY.verificationKey()), Audiences.INSIGHTS_API), clock);
        app = ServiceApp.create(
                "insights-api",
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                InsightsApi.routes(
                        CUBE,
                        CATALOGUE,
                        identity,
                        cubes,
                        rows,
                        merchants,
                        DEFAULT_ZONE,
                        clock,
                        new MerchantQuotas(MerchantQuotas.Quota.DEFAULT, merchants.quotaOverrides(clock))));
        app.start();
        // A stop waits this long for the client's idle keep-alive connection (1 s by default): not what is tested here.
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            ((AbstractConnector) connector).setShutdownIdleTimeout(10);
        }
    }

    /** An answer: its status, headers and JSON body (null when it has none). */
    record Answer(int status, HttpHeaders headers, JsonNode json) {
        /** The documented error body: the code, the offending field, a message and the request's id. */
        void assertError(int httpStatus, ErrorCode code, String field) {
            assertThat(status).as("status of %s", json).isEqualTo(httpStatus);
            assertThat(json.path("code").asText()).isEqualTo(code.code());
            assertThat(
                            json.path("field").isMissingNode()
                                    ? null
                                    : json.path("field").asText())
                    .isEqualTo(field);
            assertThat(json.path("message").asText()).isNotBlank();
            assertThat(json.path("request_id").asText())
                    .isNotBlank()
                    .isEqualTo(headers.firstValue(RequestIds.HEADER).orElse(null));
        }
    }

    /** Registers a merchant in the registry, as a platform key would have. */
    void register(MerchantId merchant, ZoneId zone) {
        merchants.put(
                new MerchantSettings(merchant, "Merchant " + merchant.value(), zone, DayOfWeek.MONDAY, "INR"), NOW);
    }

    /** A day row of the merchant's totals: completed orders and their amount in one currency. */
    void orders(MerchantId merchant, LocalDate day, long count, String currency, long amount) {
        rows.add(new InMemoryCubeRows.StoredRow(
                merchant.value(),
                Grain.DAY,
                new GroupingSet(List.of()),
                day,
                Map.of(),
                ORDER_COMPLETED,
                currency,
                count,
                amount));
    }

    /** A day row of a one-dimension cuboid: completed orders with that dimension's value. */
    void ordersWith(MerchantId merchant, LocalDate day, String dimension, String value, long count) {
        rows.add(new InMemoryCubeRows.StoredRow(
                merchant.value(),
                Grain.DAY,
                new GroupingSet(List.of(dimension)),
                day,
                Map.of(dimension, value),
                ORDER_COMPLETED,
                "",
                count,
                0));
    }

    Answer get(String pathAndQuery, Identity caller) throws IOException, InterruptedException {
        return send(request(pathAndQuery).header(IdentityHeader.NAME, token(caller, "GET", pathAndQuery, "")));
    }

    Answer put(String path, String body, Identity caller) throws IOException, InterruptedException {
        return send(request(path)
                .header(IdentityHeader.NAME, token(caller, "PUT", path, body))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer delete(String path, Identity caller) throws IOException, InterruptedException {
        return send(request(path)
                .header(IdentityHeader.NAME, token(caller, "DELETE", path, ""))
                .DELETE());
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
    }

    Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : Json.mapper().readTree(response.body());
        return new Answer(response.statusCode(), response.headers(), json);
    }

    /** The identity header the gateway would forward for this caller's request now. */
    static String token(Identity caller, String method, String pathAndQuery, String body) {
        return new IdentitySigner(GATEWAY_KEY)
                .sign(
                        caller,
                        new RequestBinding(
                                Audiences.INSIGHTS_API,
                                method,
                                pathAndQuery,
                                RequestBinding.digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                        NOW);
    }

    @Override
    public void close() {
        ServiceApp.stop(app);
    }
}
