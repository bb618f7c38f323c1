package com.merchantinsights.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.sample.SampleMerchant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PipelineShapeTest {
    private static final Instant NOW = Instant.parse("2026-12-04T15:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hasProductionDensityAtTheRate() {
        PipelineShape shape = PipelineShape.forRate(5_000, "t");

        // 5,000 events a second over 900 s at ~52 per merchant and quarter hour.
        assertThat(shape.merchants()).hasSize(86_538);
        assertThat(shape.merchantsWithAtLeast(50, 5_000)).isBetween(1_000, 20_000);
        assertThat(shape.busiestPerQuarter(5_000)).isGreaterThan(50);
    }

    @Test
    void writesEachEventsMerchantIdAndTimeIntoASampleBody() throws Exception {
        PipelineShape shape = PipelineShape.forRate(500, "t");
        Map<String, SampleMerchant> merchants = new HashMap<>();
        shape.merchants().forEach(m -> merchants.put(m.merchantId(), m));
        SplittableRandom random = new SplittableRandom(1);
        Set<String> ids = new HashSet<>();
        int late = 0;
        int events = 20_000;
        for (int i = 0; i < events; i++) {
            PipelineShape.Event event = shape.next(i, random, NOW);
            JsonNode e = JSON.readTree(event.json());
            ids.add(e.path("event_id").asText());
            SampleMerchant merchant = merchants.get(e.path("merchant_id").asText());
            assertThat(merchant).isNotNull();
            if (e.has("currency")) {
                assertThat(e.path("currency").asText()).isEqualTo(merchant.currency());
            }
            Duration age = Duration.between(Instant.parse(e.path("occurred_at").asText()), NOW);
            if (event.late()) {
                late++;
                assertThat(age).isBetween(PipelineShape.LATE_MIN.minusMillis(1), PipelineShape.LATE_MAX);
            } else {
                assertThat(age).isBetween(Duration.ZERO, Duration.ofSeconds(30));
            }
        }
        assertThat(ids).hasSize(events);
        assertThat(late / (double) events).isBetween(0.015, 0.025);
    }

    @Test
    void recordValueEndsWithReceivedAtAsTheEventsApiWritesIt() throws Exception {
        String body = "{\"event_id\":\"pl-t-1f\",\"merchant_id\":\"m1\",\"type\":\"page.viewed\","
                + "\"occurred_at\":\"2026-12-04T14:59:58.120Z\",\"dimensions\":{\"channel\":\"web\"}}";

        String value = new String(SteadyProducer.kafkaValue(body, NOW.plusMillis(5)), StandardCharsets.UTF_8);

        assertThat(value)
                .endsWith(",\"dimensions\":{\"channel\":\"web\"},\"received_at\":\"2026-12-04T15:00:00.005Z\"}");
        List<String> fields = new ArrayList<>();
        JSON.readTree(value).fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly("event_id", "merchant_id", "type", "occurred_at", "dimensions", "received_at");
        assertThat(SteadyProducer.eventId(body)).isEqualTo("pl-t-1f");
    }
}
