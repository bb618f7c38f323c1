package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.service.keys.KeyAdmin;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Segment's official Java library, unmodified and pointed at our gateway, delivers events that land mapped in Kafka. */
@ExtendWith(SharedSystem.class)
class SegmentLibraryIT {

    @Test
    void theOfficialSegmentLibraryDeliversMappedEventsAndRuleBreakersBecomeDeadLetters() {
        var system = SharedSystem.system();
        var engines = system.engines();
        String merchant = "m_it_segment_" + UUID.randomUUID().toString().substring(0, 8);
        String writeKey = KeyAdmin.forWarehouse(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword())
                .create(Scope.MERCHANT_WRITE, Optional.of(new MerchantId(merchant)), "SegmentLibraryIT")
                .secret();
        // The gateway picks up a new key within seconds; until then it is unknown (401), afterwards a write key
        // asking for insights is forbidden (403).
        var probe = new com.merchantinsights.cli.GatewayClient(system.services().gatewayUri(), writeKey);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> probe.timeseries(merchant, "orders", java.time.LocalDate.now(), java.time.LocalDate.now())
                                .status()
                        == 403);
        String prefix = "seg-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> delivered = new ConcurrentHashMap<>();
        Analytics analytics = Analytics.builder(writeKey)
                .endpoint(system.services().gatewayUri().toString())
                .flushQueueSize(10)
                .flushInterval(1, java.util.concurrent.TimeUnit.SECONDS)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        delivered.put(message.messageId(), "delivered");
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        delivered.put(message.messageId(), "failed: " + throwable);
                    }
                })
                .build();
        try {
            analytics.enqueue(TrackMessage.builder("Order Completed")
                    .messageId(prefix + "order")
                    .userId("u-42")
                    .properties(Map.of("revenue", 499.0, "currency", "INR", "category", "tea")));
            analytics.enqueue(
                    PageMessage.builder("Home").messageId(prefix + "page").anonymousId("anon-7"));
            analytics.enqueue(TrackMessage.builder("Order Completed")
                    .messageId(prefix + "bad")
                    .userId("u-42")
                    .properties(Map.of("revenue", 1.5, "currency", "JPY")));
            analytics.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() == 3);
        } finally {
            analytics.shutdown();
        }
        assertThat(delivered)
                .allSatisfy((id, outcome) -> assertThat(outcome).as(id).isEqualTo("delivered"));

        var events = EventsTopic.events(
                engines.kafkaBootstrapServers(),
                e -> e.path("event_id").asText().startsWith(prefix));
        assertThat(events)
                .extracting(e -> e.path("event_id").asText())
                .containsExactlyInAnyOrder(prefix + "order", prefix + "page");
        JsonNode order = events.stream()
                .filter(e -> e.path("event_id").asText().endsWith("order"))
                .findFirst()
                .orElseThrow();
        assertThat(order.path("merchant_id").asText()).isEqualTo(merchant);
        assertThat(order.path("type").asText()).isEqualTo("order.completed");
        // Pseudonymised at the edge when the stack has a key (issue 23): the same pseudonym /v1/events would publish.
        java.util.function.UnaryOperator<String> stored = id -> system.secrets()
                .pseudonymKey()
                .map(key -> key.pseudonymizer().pseudonym(merchant, id))
                .orElse(id);
        assertThat(order.path("customer_id").asText()).isEqualTo(stored.apply("u-42"));
        assertThat(order.path("amount").asLong()).isEqualTo(49900);
        assertThat(order.path("currency").asText()).isEqualTo("INR");
        assertThat(order.path("dimensions").path("product_category").asText()).isEqualTo("tea");
        JsonNode page = events.stream()
                .filter(e -> e.path("event_id").asText().endsWith("page"))
                .findFirst()
                .orElseThrow();
        assertThat(page.path("type").asText()).isEqualTo("page.viewed");
        assertThat(page.path("anonymous_id").asText()).isEqualTo(stored.apply("anon-7"));

        var letters = EventsTopic.read(
                engines.kafkaBootstrapServers(),
                Topics.DEAD_LETTERS,
                l -> l.path("event_id").asText().equals(prefix + "bad"));
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.path("code").asText()).isEqualTo("invalid_amount");
            assertThat(l.path("merchant_id").asText()).isEqualTo(merchant);
        });
    }
}
