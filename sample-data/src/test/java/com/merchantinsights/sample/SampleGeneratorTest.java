package com.merchantinsights.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleGeneratorTest {
    private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");
    private final SampleGenerator generator =
            new SampleGenerator(new SampleGenerator.Settings(42, 50, 14, 5000, END, 0.01, 0.02));

    @Test
    void theSameSeedGivesTheSameEvents() {
        List<GeneratedEvent> again =
                new SampleGenerator(new SampleGenerator.Settings(42, 50, 14, 5000, END, 0.01, 0.02)).events();
        assertThat(again).isEqualTo(generator.events());
    }

    @Test
    void merchantSizesAreSkewedAndMostMerchantsAreInIndia() {
        Map<String, Long> perMerchant = generator.events().stream()
                .collect(Collectors.groupingBy(GeneratedEvent::merchantId, Collectors.counting()));
        List<Long> sizes = perMerchant.values().stream().sorted().toList();
        assertThat(sizes.get(sizes.size() - 1)).isGreaterThan(10 * sizes.get(sizes.size() / 2));
        assertThat(generator.merchants().stream()
                        .filter(m -> m.zone().getId().equals("Asia/Kolkata"))
                        .count())
                .isGreaterThan(20);
    }

    @Test
    void itContainsDuplicatesLateArrivalsRefundsAndVisitors() {
        List<GeneratedEvent> events = generator.events();
        assertThat(events)
                .anyMatch(GeneratedEvent::duplicate)
                .anyMatch(GeneratedEvent::late)
                .anyMatch(e -> e.type().equals("order.refunded"))
                .anyMatch(e -> e.json().contains("\"anonymous_id\""));
        assertThat(events).allMatch(e -> !e.occurredAt().isAfter(END));
        GeneratedEvent duplicate =
                events.stream().filter(GeneratedEvent::duplicate).findFirst().orElseThrow();
        assertThat(events)
                .filteredOn(e -> e.eventId().equals(duplicate.eventId()))
                .hasSize(2)
                .extracting(GeneratedEvent::json)
                .containsOnly(duplicate.json());
    }

    @Test
    void amountsUseTheCurrencysMinorUnits() {
        assertThat(generator.events())
                .filteredOn(e -> "JPY".equals(e.currency()))
                .isNotEmpty()
                .allMatch(e -> e.amount() < 100_000);
        assertThat(generator.events())
                .filteredOn(e -> "INR".equals(e.currency()))
                .isNotEmpty()
                .allMatch(e -> e.amount() >= 1);
    }
}
