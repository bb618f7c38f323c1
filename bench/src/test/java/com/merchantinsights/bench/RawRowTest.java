package com.merchantinsights.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.layout.EventFingerprint;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import com.merchantinsights.sample.GeneratedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawRowTest {
    private static final Instant OCCURRED = Instant.parse("2026-12-02T10:17:03.250Z");
    private static final Instant LOADED = Instant.parse("2026-12-04T09:00:00Z");

    @Test
    void bindsNoColumnAnEventLacks() {
        // A page view of an anonymous visitor: no amount, no currency, no customer.
        RawRow row = RawRow.of(
                event(
                        "page.viewed",
                        "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"page.viewed\","
                                + "\"occurred_at\":\"2026-12-02T15:47:03.25+05:30\",\"anonymous_id\":\"a7\",\"dimensions\":{\"channel\":\"web\"}}"),
                ShardLayout.DEFAULT,
                LOADED,
                2,
                41);

        Map<String, Object> columns = row.presentColumns();

        assertThat(columns)
                .doesNotContainKeys("amount", "currency", "customer_id")
                .containsEntry("anonymous_id", "a7");
        assertThat(columns.values()).doesNotContainNull();
        String cql = RawRow.insertCql(columns.keySet());
        assertThat(cql).doesNotContain("amount", "currency", "customer_id");
        assertThat(cql.chars().filter(c -> c == '?').count()).isEqualTo(columns.size() + 1); // + USING TTL ?
    }

    @Test
    void bindsAPaymentsAmountCurrencyAndCustomer() {
        RawRow row = RawRow.of(
                event(
                        "payment.succeeded",
                        "{\"event_id\":\"e1\",\"merchant_id\":\"m1\","
                                + "\"type\":\"payment.succeeded\",\"occurred_at\":\"2026-12-02T15:47:03.25+05:30\",\"customer_id\":\"c9\","
                                + "\"amount\":125000,\"currency\":\"INR\",\"dimensions\":{\"channel\":\"pos\"}}"),
                ShardLayout.DEFAULT,
                LOADED,
                0,
                7);

        assertThat(row.presentColumns())
                .containsEntry("amount", 125_000L)
                .containsEntry("currency", "INR")
                .containsEntry("customer_id", "c9")
                .doesNotContainKey("anonymous_id");
    }

    @Test
    void writesTheStreamsRowShape() {
        RawRow row = RawRow.of(
                event(
                        "page.viewed",
                        "{\"event_id\":\"e1\",\"merchant_id\":\"m1\",\"type\":\"page.viewed\","
                                + "\"occurred_at\":\"2026-12-02T15:47:03.25+05:30\",\"anonymous_id\":\"a7\",\"dimensions\":{\"channel\":\"web\"}}"),
                ShardLayout.DEFAULT,
                LOADED,
                2,
                41);

        assertThat(row.presentColumns())
                .containsEntry("event_hour", Instant.parse("2026-12-02T10:00:00Z"))
                .containsEntry("shard", RawEventLayout.shardOf("e1"))
                .containsEntry("logic_version", RawRow.LOGIC_VERSION)
                .containsEntry("kafka_partition", 2)
                .containsEntry("kafka_offset", 41L)
                .containsEntry("received_at", OCCURRED)
                .containsEntry("ingested_at", LOADED)
                .containsEntry("dimensions", Map.of("channel", "web"))
                .containsEntry(
                        "fingerprint",
                        EventFingerprint.of(
                                "m1",
                                "e1",
                                "page.viewed",
                                OCCURRED,
                                null,
                                "a7",
                                null,
                                null,
                                Map.of("channel", "web"),
                                null));
        assertThat((String) row.presentColumns().get("payload")).endsWith(",\"received_at\":\"" + OCCURRED + "\"}");
        assertThat(row.ttlSeconds(Duration.ofDays(90)))
                .isEqualTo(
                        RawEventLayout.ttlSeconds(Instant.parse("2026-12-02T10:00:00Z"), LOADED, Duration.ofDays(90)));
    }

    private static GeneratedEvent event(String type, String json) {
        return new GeneratedEvent("m1", "e1", type, OCCURRED, 0, null, json, false, false);
    }
}
