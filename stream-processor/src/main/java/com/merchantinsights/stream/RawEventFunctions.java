package com.merchantinsights.stream;

import static org.apache.spark.sql.functions.udf;

import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.layout.EventFingerprint;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF10;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spark column functions that call the JVM definitions in core, so that the hour, the shard and the validation
 * rules have a single source of truth shared with every other part of the system.
 */
final class RawEventFunctions {
    /** RFC 3339 timestamp with offset → instant; null when absent or unparseable. */
    static final UserDefinedFunction PARSE_TIMESTAMP =
            udf((UDF1<String, Timestamp>) RawEventFunctions::parseTimestamp, DataTypes.TimestampType);

    /** {@link RawEventLayout#eventHour}. */
    static final UserDefinedFunction EVENT_HOUR = udf(
            (UDF1<Object, Timestamp>) t -> t == null ? null : Timestamp.from(RawEventLayout.eventHour(toInstant(t))),
            DataTypes.TimestampType);

    /** {@link ShardLayout#shardOf}: the shard of an event id in the hour of an occurrence time. */
    static UserDefinedFunction shard(ShardLayout layout) {
        return udf(
                (UDF2<String, Object, Integer>) (eventId, occurredAt) -> eventId == null || occurredAt == null
                        ? null
                        : layout.shardOf(eventId, RawEventLayout.eventHour(toInstant(occurredAt))),
                DataTypes.IntegerType);
    }

    /** {@link DeadLetterCode#firstBrokenRule}'s code, or null for a record that becomes a raw row. */
    static final UserDefinedFunction REJECTION = udf(
            (UDF5<Boolean, String, String, String, Object, String>)
                    (malformed, eventId, merchantId, type, occurredAt) -> DeadLetterCode.firstBrokenRule(
                                    Boolean.TRUE.equals(malformed), eventId, merchantId, type, occurredAt != null)
                            .map(DeadLetterCode::code)
                            .orElse(null),
            DataTypes.StringType);

    /** {@link EventFingerprint#of} of a parsed event (null fields allowed: a rejected row gets one too). */
    static final UserDefinedFunction FINGERPRINT = udf(
            (UDF10<
                            String,
                            String,
                            String,
                            Object,
                            String,
                            String,
                            Long,
                            String,
                            scala.collection.Map<String, String>,
                            String,
                            String>)
                    (merchantId,
                            eventId,
                            type,
                            occurredAt,
                            customerId,
                            anonymousId,
                            amount,
                            currency,
                            dimensions,
                            properties) -> EventFingerprint.of(
                            merchantId,
                            eventId,
                            type,
                            occurredAt == null ? null : toInstant(occurredAt),
                            customerId,
                            anonymousId,
                            amount,
                            currency,
                            ParsedRecord.dimensions(dimensions),
                            properties),
            DataTypes.StringType);

    /** {@link RawEventLayout#identityBucketOf} for a bucket count; null for a record without an identity. */
    static UserDefinedFunction identityBucket(int buckets) {
        return udf(
                (UDF2<String, String, Integer>) (merchantId, eventId) -> merchantId == null || eventId == null
                        ? null
                        : RawEventLayout.identityBucketOf(merchantId, eventId, buckets),
                DataTypes.IntegerType);
    }

    private RawEventFunctions() {}

    static Timestamp parseTimestamp(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamp.from(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Spark hands timestamps to UDFs as java.sql.Timestamp, or as Instant when its Java 8 time API is on. */
    static Instant toInstant(Object timestamp) {
        if (timestamp instanceof Timestamp t) {
            return t.toInstant();
        }
        if (timestamp instanceof Instant i) {
            return i;
        }
        throw new IllegalArgumentException("not a timestamp: " + timestamp.getClass());
    }
}
