package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@link RawStore} on a Cassandra session and the dead-letter topic. Statements are prepared once per session
 * (the driver caches them). Writes at LOCAL_QUORUM, which the ETL's LOCAL_QUORUM reads rely on; identity claims
 * are lightweight transactions at LOCAL_SERIAL. Null fields are left unset: no tombstone per absent field.
 */
final class CassandraRawStore implements RawStore {
    static final String CLAIM_CQL = "INSERT INTO " + table(RawEventLayout.EVENT_IDENTITIES_TABLE)
            + " (merchant_id, event_id, event_hour, occurred_at, fingerprint, first_ingested_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?";
    static final String STORE_CQL = "INSERT INTO " + table(RawEventLayout.RAW_EVENTS_TABLE)
            + " (event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id, anonymous_id, amount,"
            + " currency, dimensions, payload, received_at, ingested_at, logic_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
    static final String DEAD_LETTER_CQL = "INSERT INTO " + table(RawEventLayout.DEAD_LETTERS_TABLE)
            + " (kind, recorded_day, recorded_at, dead_letter_id, source, code, field, reason, merchant_id, event_id,"
            + " received_at, payload, kafka_partition, kafka_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String RESOLVE_CQL = "UPDATE " + table(RawEventLayout.DEAD_LETTERS_TABLE)
            + " SET resolved_at = ?, resolution = ? WHERE kind = ? AND recorded_day = ? AND recorded_at = ?"
            + " AND dead_letter_id = ?";

    private final CqlSession session;
    private final KafkaProducer<String, byte[]> deadLetterProducer;
    private final Duration retention;
    private final PreparedStatement claim;
    private final PreparedStatement store;
    private final PreparedStatement deadLetter;
    private final PreparedStatement resolve;

    CassandraRawStore(CqlSession session, KafkaProducer<String, byte[]> deadLetterProducer, Duration retention) {
        this.session = session;
        this.deadLetterProducer = deadLetterProducer;
        this.retention = retention;
        this.claim = session.prepare(CLAIM_CQL);
        this.store = session.prepare(STORE_CQL);
        this.deadLetter = session.prepare(DEAD_LETTER_CQL);
        // Prepared here, never lazily: a callback runs on a driver I/O thread, where a blocking prepare is refused.
        this.resolve = session.prepare(RESOLVE_CQL);
    }

    static String table(String name) {
        return RawEventLayout.KEYSPACE + "." + name;
    }

    @Override
    public CompletionStage<StoredIdentity> claim(ParsedRecord r, String fingerprint) {
        BoundStatementBuilder b = claim.boundStatementBuilder()
                .setString(0, r.merchantId())
                .setString(1, r.eventId())
                .setInstant(2, r.eventHour())
                .setInstant(3, r.occurredAt())
                .setString(4, fingerprint)
                .setInstant(5, r.ingestedAt())
                .setInt(6, (int) Math.min(Integer.MAX_VALUE, retention.getSeconds()))
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .setIdempotence(true);
        return session.executeAsync(b.build()).thenApply(rs -> {
            if (rs.wasApplied()) {
                return new StoredIdentity(true, r.eventHour(), r.occurredAt(), fingerprint);
            }
            Row first = rs.one();
            return new StoredIdentity(false, first.getInstant("event_hour"), first.getInstant("occurred_at"),
                    first.getString("fingerprint"));
        });
    }

    @Override
    public CompletionStage<Void> store(ParsedRecord r) {
        BoundStatementBuilder b = store.boundStatementBuilder()
                .setInstant(0, r.eventHour())
                .setInt(1, r.shard())
                .setString(2, r.merchantId())
                .setString(3, r.eventId())
                .setString(4, r.eventType())
                .setInstant(5, r.occurredAt());
        setIfPresent(b, 6, r.customerId());
        setIfPresent(b, 7, r.anonymousId());
        if (r.amount() != null) {
            b.setLong(8, r.amount());
        }
        setIfPresent(b, 9, r.currency());
        if (r.dimensions() != null) {
            b.setMap(10, r.dimensions(), String.class, String.class);
        }
        setIfPresent(b, 11, r.payload());
        if (r.receivedAt() != null) {
            b.setInstant(12, r.receivedAt());
        }
        b.setInstant(13, r.ingestedAt())
                .setInt(14, r.logicVersion())
                .setInt(15, RawEventLayout.ttlSeconds(r.eventHour(), r.ingestedAt(), retention))
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setIdempotence(true);
        return session.executeAsync(b.build()).thenApply(rs -> null);
    }

    @Override
    public CompletionStage<Void> deadLetter(DeadLetter letter) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        deadLetterProducer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, letter.id().toString(), letter.toJson()),
                (metadata, error) -> {
                    if (error != null) {
                        published.completeExceptionally(error);
                    } else {
                        published.complete(null);
                    }
                });
        BoundStatementBuilder b = deadLetter.boundStatementBuilder()
                .setString(0, letter.kind())
                .setLocalDate(1, letter.recordedAt().atZone(ZoneOffset.UTC).toLocalDate())
                .setInstant(2, letter.recordedAt())
                .setUuid(3, letter.id())
                .setString(4, DeadLetter.SOURCE)
                .setString(5, letter.code())
                .setString(7, letter.reason());
        setIfPresent(b, 6, letter.field());
        setIfPresent(b, 8, letter.merchantId());
        setIfPresent(b, 9, letter.eventId());
        if (letter.receivedAt() != null) {
            b.setInstant(10, letter.receivedAt());
        }
        setIfPresent(b, 11, letter.payload());
        b.setInt(12, letter.kafkaPartition())
                .setLong(13, letter.kafkaOffset())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setIdempotence(true);
        CompletionStage<AsyncResultSet> tabled = session.executeAsync(b.build());
        return published.thenCombine(tabled, (p, t) -> null);
    }

    @Override
    public CompletionStage<Void> resolveRedrive(Redrive redrive, String resolution, Instant resolvedAt) {
        return session.executeAsync(resolve.bind(resolvedAt, resolution, DeadLetterFields.KIND_REJECTED,
                        redrive.recordedAt().atZone(ZoneOffset.UTC).toLocalDate(), redrive.recordedAt(), redrive.deadLetterId())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setIdempotent(true)).thenApply(rs -> null);
    }

    private static void setIfPresent(BoundStatementBuilder b, int index, String value) {
        if (value != null) {
            b.setString(index, value);
        }
    }
}
