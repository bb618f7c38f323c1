package com.merchantinsights.stream;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Column names of {@code insights.raw_events} (core/src/main/resources/schema/cassandra.cql). */
final class RawEventsTable {
    static final String EVENT_HOUR = "event_hour";
    static final String SHARD = "shard";
    static final String MERCHANT_ID = "merchant_id";
    static final String EVENT_ID = "event_id";
    static final String EVENT_TYPE = "event_type";
    static final String OCCURRED_AT = "occurred_at";
    static final String CUSTOMER_ID = "customer_id";
    static final String ANONYMOUS_ID = "anonymous_id";
    static final String AMOUNT = "amount";
    static final String CURRENCY = "currency";
    static final String DIMENSIONS = "dimensions";
    static final String PAYLOAD = "payload";
    static final String RECEIVED_AT = "received_at";
    static final String INGESTED_AT = "ingested_at";
    static final String LOGIC_VERSION = "logic_version";

    private static final String[] ALL = {
        EVENT_HOUR, SHARD, MERCHANT_ID, EVENT_ID, EVENT_TYPE, OCCURRED_AT, CUSTOMER_ID, ANONYMOUS_ID, AMOUNT,
        CURRENCY, DIMENSIONS, PAYLOAD, RECEIVED_AT, INGESTED_AT, LOGIC_VERSION
    };

    private RawEventsTable() {
    }

    static Column[] columns() {
        return Arrays.stream(ALL).map(functions::col).toArray(Column[]::new);
    }
}
