package com.merchantinsights.reconcile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.event.EventFields;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The few fields of an events-topic record (or of a dead letter's payload, which is that record's text) that decide
 * where it is counted: its identity, its type (for the stream's rules) and its hour of occurrence. Read with a
 * streaming parser that skips everything else, since the topic scan reads every record of the retention.
 *
 * @param malformed  the record is not a JSON object
 * @param occurredAt null when absent or not RFC 3339 with an offset (the record then has no hour)
 * @param receivedAt the events API's receipt time: which version the stream keeps (decision 0026); null if absent
 */
public record EventRecordFields(
        boolean malformed, String eventId, String merchantId, String type, Instant occurredAt, Instant receivedAt) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final EventRecordFields MALFORMED = new EventRecordFields(true, null, null, null, null, null);

    public static EventRecordFields parse(String text) {
        if (text == null) {
            return MALFORMED;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return MALFORMED;
            }
            String eventId = null;
            String merchantId = null;
            String type = null;
            String occurredAt = null;
            String receivedAt = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                    continue;
                }
                String scalar = value == JsonToken.VALUE_NULL ? null : parser.getText();
                switch (name) {
                    case EventFields.EVENT_ID -> eventId = scalar;
                    case EventFields.MERCHANT_ID -> merchantId = scalar;
                    case EventFields.TYPE -> type = scalar;
                    case EventFields.OCCURRED_AT -> occurredAt = scalar;
                    case EventFields.RECEIVED_AT -> receivedAt = scalar;
                    default -> {}
                }
            }
            return new EventRecordFields(false, eventId, merchantId, type, instant(occurredAt), instant(receivedAt));
        } catch (IOException e) {
            return MALFORMED;
        }
    }

    /** The stream processor's verdict on the record ({@link DeadLetterCode#firstBrokenRule}), empty for a storable event. */
    public Optional<DeadLetterCode> rejection() {
        return DeadLetterCode.firstBrokenRule(malformed, eventId, merchantId, type, occurredAt != null);
    }

    /** The (hour, merchant) cell the record is counted in, or empty when it has no parseable occurred_at. */
    public Optional<HourMerchant> cell() {
        return occurredAt == null ? Optional.empty() : Optional.of(HourMerchant.of(occurredAt, merchantId));
    }

    /** As the stream processor parses occurred_at (RFC 3339 with an explicit offset). */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
