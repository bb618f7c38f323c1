package com.merchantinsights.reconcile;

import static com.merchantinsights.reconcile.Events.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.error.DeadLetterCode;
import org.junit.jupiter.api.Test;

class EventRecordFieldsTest {
    @Test
    void readsTheIdentityTypeAndHourAndIgnoresNestedFieldsOfTheSameName() {
        EventRecordFields fields = EventRecordFields.parse(Events.order("m_1", "e-1", HOUR.plusSeconds(90)));

        assertThat(fields.eventId()).isEqualTo("e-1");
        assertThat(fields.merchantId()).isEqualTo("m_1");
        assertThat(fields.occurredAt()).isEqualTo(HOUR.plusSeconds(90));
        assertThat(fields.rejection()).isEmpty();
        assertThat(fields.cell()).contains(new HourMerchant(HOUR, "m_1"));
    }

    @Test
    void appliesTheStreamProcessorsRules() {
        assertThat(EventRecordFields.parse(Events.event("m_1", "e-1", "Order Completed", HOUR))
                        .rejection())
                .contains(DeadLetterCode.INVALID_EVENT_TYPE);
        assertThat(EventRecordFields.parse("{\"merchant_id\":\"m_1\",\"type\":\"x\"}")
                        .rejection())
                .contains(DeadLetterCode.MISSING_EVENT_ID);
        assertThat(EventRecordFields.parse("[1,2]").rejection()).contains(DeadLetterCode.MALFORMED_JSON);
        assertThat(EventRecordFields.parse("{\"event_id\":").rejection()).contains(DeadLetterCode.MALFORMED_JSON);
        assertThat(EventRecordFields.parse(null).rejection()).contains(DeadLetterCode.MALFORMED_JSON);
    }

    @Test
    void anOccurredAtWithoutOffsetPlacesTheRecordInNoHour() {
        EventRecordFields fields = EventRecordFields.parse(
                "{\"event_id\":\"e-1\",\"merchant_id\":\"m_1\",\"type\":\"x\",\"occurred_at\":\"2026-11-24T13:00:00\"}");

        assertThat(fields.rejection()).contains(DeadLetterCode.INVALID_OCCURRED_AT);
        assertThat(fields.cell()).isEmpty();
    }
}
