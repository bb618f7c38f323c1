package com.merchantinsights.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.event.CurrencyUnits;
import com.merchantinsights.core.event.EventType;
import com.merchantinsights.core.event.SegmentNames;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SegmentNamesTest {
    @Test
    void specNamesMapToCanonicalTypes() {
        assertThat(SegmentNames.trackType("Order Completed")).isEqualTo(EventType.ORDER_COMPLETED);
        assertThat(SegmentNames.trackType("order refunded")).isEqualTo(EventType.ORDER_REFUNDED);
        assertThat(SegmentNames.trackType("Product Viewed")).isEqualTo(EventType.PRODUCT_VIEWED);
    }

    @Test
    void otherNamesAreNormalisedToOurPattern() {
        assertThat(SegmentNames.trackType("Checkout Started").value()).isEqualTo("track.checkout_started");
        assertThat(SegmentNames.trackType("  Café — Réservé!! ").value()).isEqualTo("track.cafe_reserve");
        assertThat(SegmentNames.trackType("!!!").value()).isEqualTo("track.unnamed");
        assertThat(SegmentNames.trackType("x".repeat(100)).value()).hasSize(64);
    }

    @Test
    void aClientClockTwoHoursFastIsCorrected() {
        Instant received = Instant.parse("2026-11-25T10:00:00Z");
        Instant clientTimestamp = Instant.parse("2026-11-25T11:59:00Z");
        Instant clientSentAt = Instant.parse("2026-11-25T12:00:00Z");
        assertThat(SegmentNames.correctedTimestamp(clientTimestamp, clientSentAt, received))
                .isEqualTo(Instant.parse("2026-11-25T09:59:00Z"));
    }

    @Test
    void decimalRevenueBecomesMinorUnitsByTheCurrencysExponent() {
        assertThat(CurrencyUnits.toMinorUnits(new BigDecimal("499.00"), "INR")).contains(49900L);
        assertThat(CurrencyUnits.toMinorUnits(new BigDecimal("1500"), "JPY")).contains(1500L);
        assertThat(CurrencyUnits.toMinorUnits(new BigDecimal("1.234"), "KWD")).contains(1234L);
        assertThat(CurrencyUnits.toMinorUnits(new BigDecimal("1.5"), "JPY")).isEmpty();
        assertThat(CurrencyUnits.toMinorUnits(BigDecimal.ONE, "ABC")).isEmpty();
    }
}
