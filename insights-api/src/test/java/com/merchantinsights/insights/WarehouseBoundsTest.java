package com.merchantinsights.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.insights.query.CubeRows;
import com.merchantinsights.insights.query.CubeStore;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.identity.RequestBinding;
import com.merchantinsights.testing.TestingPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The insights API against a real PostgreSQL that is locked, down, or asked for too much (issue 20): each is a
 * documented answer within 2 s, never a hang or a 500.
 */
class WarehouseBoundsTest {
    private static final IdentityKeys.SigningKey GATEWAY_KEY = IdentityKeys.generate("gw");
    private static final Identity READER =
            new Identity("key_reader000001", Scope.MERCHANT_READ, Optional.of(new MerchantId("m_bounds")));
    private static final QueryBounds TIGHT = new QueryBounds(Duration.ofSeconds(5), Duration.ofMillis(300), 50_000);
    private static final Instant FROM = Instant.parse("2026-11-10T00:00:00Z");
    private static TestingPostgres warehouse;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startWarehouse() {
        warehouse = TestingPostgres.startWarehouse();
        warehouse.execute("CREATE TABLE cube_quarter_hour_m202611 PARTITION OF cube_quarter_hour FOR VALUES FROM"
                + " ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00')");
        for (int i = 0; i < 5; i++) {
            warehouse.execute("INSERT INTO cube_quarter_hour (merchant_id, bucket_start, cuboid, event_type,"
                    + " event_count) VALUES ('m_bounds', '" + FROM.plus(Duration.ofMinutes(15L * i))
                    + "', 'all', 'order.completed', 1)");
        }
    }

    @AfterAll
    static void stopWarehouse() {
        warehouse.close();
    }

    @Test
    void aStatementReadingMoreRowsThanTheCapIsRefusedNamingTheLimit() throws Exception {
        CubeRows.Selection totals = new CubeRows.Selection(
                Grain.QUARTER_HOUR, new GroupingSet(List.of()), Map.of(), null, Set.of(), Set.of());
        Instant to = FROM.plus(Duration.ofHours(2));
        assertThat(new CubeStore(warehouse.dataSource(), CubeDefinitionFile.standard(), 5)
                        .rows("m_bounds", totals, FROM, to))
                .as("exactly at the cap")
                .hasSize(5);
        assertThatThrownBy(() -> new CubeStore(warehouse.dataSource(), CubeDefinitionFile.standard(), 4)
                        .rows("m_bounds", totals, FROM, to))
                .isInstanceOfSatisfying(InsightsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TOO_LARGE);
                    assertThat(e.getMessage()).contains("4 cube rows");
                });
    }

    @Test
    void aCubeTableLockedByAnotherSessionIsA503WithinTwoSeconds() throws Exception {
        try (InsightsApi api = start(warehouse.jdbcUrl());
                Connection holder = warehouse.dataSource().getConnection()) {
            assertThat(timeseries(api).statusCode()).isEqualTo(200);
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                // What a reprocess switch or a stuck migration would hold.
                lock.execute("LOCK TABLE cube_quarter_hour, cube_hour, cube_day, cube_week, cube_month IN ACCESS"
                        + " EXCLUSIVE MODE");
            }
            HttpResponse<String> answer = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> timeseries(api));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(Json.mapper().readTree(answer.body()).path("code").asText())
                    .isEqualTo("warehouse_unavailable");
            assertThat(answer.headers().firstValue("Retry-After")).contains("5");
            assertThat(get(api, "/health/ready").statusCode())
                    .as("readiness has its own connection: a locked table is not an unreachable warehouse")
                    .isEqualTo(200);
            holder.rollback();
        }
    }

    @Test
    void aWarehouseThatIsDownIsA503WithinTwoSecondsAndTheServiceIsNotReady() throws Exception {
        TestingPostgres doomed = TestingPostgres.startWarehouse();
        try (InsightsApi api = start(doomed.jdbcUrl())) {
            assertThat(timeseries(api).statusCode()).isEqualTo(200);
            doomed.close();
            HttpResponse<String> answer = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> timeseries(api));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(Json.mapper().readTree(answer.body()).path("code").asText())
                    .isEqualTo("warehouse_unavailable");
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(3), () -> get(api, "/health/ready"))
                            .statusCode())
                    .isEqualTo(503);
        }
    }

    private static InsightsApi start(String jdbcUrl) {
        return InsightsApi.start(new InsightsApiConfig(
                "127.0.0.1",
                0,
                jdbcUrl,
                "postgres",
                "postgres",
                GATEWAY_KEY.verificationKey().encoded(),
                ZoneId.of("UTC"),
                TIGHT));
    }

    private HttpResponse<String> timeseries(InsightsApi api) throws Exception {
        return get(api, "/v1/insights/timeseries?metric=orders&granularity=hour&from=2026-11-10&to=2026-11-10");
    }

    private HttpResponse<String> get(InsightsApi api, String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + api.port() + pathAndQuery);
        String token = new IdentitySigner(GATEWAY_KEY)
                .sign(
                        READER,
                        RequestBinding.of(
                                Audiences.INSIGHTS_API, "GET", uri.getRawPath(), uri.getRawQuery(), new byte[0]),
                        Instant.now());
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header(IdentityHeader.NAME, token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
