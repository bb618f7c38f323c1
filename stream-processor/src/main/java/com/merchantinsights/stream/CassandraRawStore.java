package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@link RawStore} on a Cassandra session and the dead-letter topic (decision 0026). Every statement touches one
 * partition: IN reads of one identity bucket or raw partition, unlogged batches of one raw partition or one identity
 * bucket. Writes at LOCAL_QUORUM, which the ETL's LOCAL_QUORUM reads rely on; no lightweight transaction. Null fields
 * are left unset: no tombstone per absent field.
 */
final class CassandraRawStore implements RawStore {
    private static final String VERSION_COLUMNS =
            "merchant_id, event_id, event_hour, occurred_at, fingerprint, received_at, kafka_partition, kafka_offset";
    /** What the index remembers of a version that its identity's stored version displaced (decision 0048). */
    private static final String DISPLACED_COLUMNS =
            "displaced_hour, displaced_occurred_at, displaced_received_at, displaced_partition, displaced_offset";

    static final String RECENT_IDENTITIES_CQL = "SELECT " + VERSION_COLUMNS + ", " + DISPLACED_COLUMNS + " FROM "
            + table(RawEventLayout.RECENT_IDENTITIES_TABLE) + " WHERE bucket = ? AND (merchant_id, event_id) IN ?";
    static final String RAW_ROWS_CQL = "SELECT " + VERSION_COLUMNS + " FROM " + table(RawEventLayout.RAW_EVENTS_TABLE)
            + " WHERE event_hour = ? AND shard = ? AND (merchant_id, event_id) IN ?";
    static final String REMEMBER_CQL = "INSERT INTO " + table(RawEventLayout.RECENT_IDENTITIES_TABLE) + " (bucket, "
            + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
    static final String REMEMBER_DISPLACING_CQL = "INSERT INTO " + table(RawEventLayout.RECENT_IDENTITIES_TABLE)
            + " (bucket, " + VERSION_COLUMNS + ", " + DISPLACED_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
    static final String DELETE_ROW_CQL = "DELETE FROM " + table(RawEventLayout.RAW_EVENTS_TABLE)
            + " WHERE event_hour = ? AND shard = ? AND merchant_id = ? AND event_id = ?";
    static final String STORE_CQL = "INSERT INTO " + table(RawEventLayout.RAW_EVENTS_TABLE)
            + " (event_hour, shard, merchant_id, event_id, event_type, occurred_at, customer_id, anonymous_id, amount,"
            + " currency, dimensions, payload, received_at, ingested_at, logic_version, fingerprint, kafka_partition,"
            + " kafka_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
    static final String DEAD_LETTER_CQL = "INSERT INTO " + table(RawEventLayout.DEAD_LETTERS_TABLE)
            + " (kind, recorded_day, recorded_at, dead_letter_id, source, code, field, reason, merchant_id, event_id,"
            + " received_at, payload, kafka_partition, kafka_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String RESOLVE_CQL = "UPDATE " + table(RawEventLayout.DEAD_LETTERS_TABLE)
            + " SET resolved_at = ?, resolution = ? WHERE kind = ? AND recorded_day = ? AND recorded_at = ?"
            + " AND dead_letter_id = ?";
    static final String PERSON_CQL = "INSERT INTO " + table(RawEventLayout.PERSON_EVENTS_TABLE)
            + " (event_hour, shard, merchant_id, person, event_id) VALUES (?, ?, ?, ?, ?) USING TTL ?";
    static final String REGISTRY_CQL = "SELECT merchant_id, person FROM "
            + table(RawEventLayout.ERASURE_REGISTRY_TABLE) + " WHERE scope = '"
            + RawEventLayout.ERASURE_REGISTRY_SCOPE + "'";
    static final String ERASED_CQL = "SELECT merchant_id, event_id FROM " + table(RawEventLayout.ERASED_EVENTS_TABLE)
            + " WHERE bucket = ? AND (merchant_id, event_id) IN ?";
    private static final TupleType KEY = DataTypes.tupleOf(DataTypes.TEXT, DataTypes.TEXT);

    private final CqlSession session;
    private final KafkaProducer<String, byte[]> deadLetterProducer;
    private final Duration retention;
    private final int identityTtlSeconds;
    private final PreparedStatement recentIdentities;
    private final PreparedStatement rawRows;
    private final PreparedStatement remember;
    private final PreparedStatement rememberDisplacing;
    private final PreparedStatement deleteRow;
    private final PreparedStatement store;
    private final PreparedStatement deadLetter;
    private final PreparedStatement resolve;
    private final PreparedStatement person;
    private final PreparedStatement registry;
    private final PreparedStatement erased;

    CassandraRawStore(
            CqlSession session,
            KafkaProducer<String, byte[]> deadLetterProducer,
            Duration retention,
            Duration identityWindow) {
        this.session = session;
        this.deadLetterProducer = deadLetterProducer;
        this.retention = retention;
        this.identityTtlSeconds = (int) Math.min(Integer.MAX_VALUE, identityWindow.getSeconds());
        // Prepared here, never lazily: a callback runs on a driver I/O thread, where a blocking prepare is refused.
        this.recentIdentities = session.prepare(RECENT_IDENTITIES_CQL);
        this.rawRows = session.prepare(RAW_ROWS_CQL);
        this.remember = session.prepare(REMEMBER_CQL);
        this.rememberDisplacing = session.prepare(REMEMBER_DISPLACING_CQL);
        this.deleteRow = session.prepare(DELETE_ROW_CQL);
        this.store = session.prepare(STORE_CQL);
        this.deadLetter = session.prepare(DEAD_LETTER_CQL);
        this.resolve = session.prepare(RESOLVE_CQL);
        this.person = session.prepare(PERSON_CQL);
        this.registry = session.prepare(REGISTRY_CQL);
        this.erased = session.prepare(ERASED_CQL);
    }

    static String table(String name) {
        return RawEventLayout.KEYSPACE + "." + name;
    }

    @Override
    public CompletionStage<Map<EventKey, StoredVersion>> recentIdentities(int bucket, Collection<EventKey> keys) {
        return readVersions(
                recentIdentities.bind(bucket, tuples(keys)).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    }

    @Override
    public CompletionStage<Map<EventKey, StoredVersion>> rawRows(
            Instant eventHour, int shard, Collection<EventKey> keys) {
        return readVersions(
                rawRows.bind(eventHour, shard, tuples(keys)).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    }

    private static List<TupleValue> tuples(Collection<EventKey> keys) {
        List<TupleValue> tuples = new ArrayList<>(keys.size());
        for (EventKey key : keys) {
            tuples.add(KEY.newValue(key.merchantId(), key.eventId()));
        }
        return tuples;
    }

    private CompletionStage<Map<EventKey, StoredVersion>> readVersions(Statement<?> read) {
        Map<EventKey, StoredVersion> found = new HashMap<>();
        return session.executeAsync(read.setIdempotent(true)).thenCompose(page -> collect(page, found));
    }

    /** An IN read of a few dozen keys fits one page; further pages are fetched the same way. */
    private static CompletionStage<Map<EventKey, StoredVersion>> collect(
            AsyncResultSet page, Map<EventKey, StoredVersion> found) {
        for (Row row : page.currentPage()) {
            Integer partition =
                    row.isNull(RawEventsTable.KAFKA_PARTITION) ? null : row.getInt(RawEventsTable.KAFKA_PARTITION);
            Long offset = row.isNull(RawEventsTable.KAFKA_OFFSET) ? null : row.getLong(RawEventsTable.KAFKA_OFFSET);
            found.put(
                    new EventKey(row.getString(RawEventsTable.MERCHANT_ID), row.getString(RawEventsTable.EVENT_ID)),
                    new StoredVersion(
                            row.getInstant(RawEventsTable.EVENT_HOUR),
                            row.getInstant(RawEventsTable.OCCURRED_AT),
                            row.getString(RawEventsTable.FINGERPRINT),
                            row.getInstant(RawEventsTable.RECEIVED_AT),
                            partition,
                            offset,
                            displaced(row)));
        }
        return page.hasMorePages()
                ? page.fetchNextPage().thenCompose(next -> collect(next, found))
                : CompletableFuture.completedFuture(found);
    }

    /** The displaced version an index row remembers; none for a raw row (which has no such columns). */
    private static StoredVersion.Displaced displaced(Row row) {
        if (!row.getColumnDefinitions().contains("displaced_hour") || row.isNull("displaced_hour")) {
            return null;
        }
        return new StoredVersion.Displaced(
                row.getInstant("displaced_hour"),
                row.getInstant("displaced_occurred_at"),
                row.getInstant("displaced_received_at"),
                row.getInt("displaced_partition"),
                row.getLong("displaced_offset"));
    }

    @Override
    public CompletionStage<Void> storeRows(List<ParsedRecord> rowsOfOnePartition) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
        for (ParsedRecord r : rowsOfOnePartition) {
            batch.addStatement(row(r).build());
        }
        return session.executeAsync(batch.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setIdempotence(true)
                        .build())
                .thenApply(rs -> null);
    }

    private BoundStatementBuilder row(ParsedRecord r) {
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
        return b.setInstant(13, r.ingestedAt())
                .setInt(14, r.logicVersion())
                .setString(15, r.fingerprint())
                .setInt(16, r.kafkaPartition())
                .setLong(17, r.kafkaOffset())
                .setInt(18, RawEventLayout.ttlSeconds(r.eventHour(), r.ingestedAt(), retention));
    }

    @Override
    public CompletionStage<Void> rememberIdentities(int bucket, List<IdentityVerdicts.Judgement> firstVersions) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
        for (IdentityVerdicts.Judgement j : firstVersions) {
            ParsedRecord r = j.record();
            StoredVersion.Displaced d = j.displaced();
            BoundStatementBuilder b = (d == null ? remember : rememberDisplacing)
                    .boundStatementBuilder()
                    .setInt(0, bucket)
                    .setString(1, r.merchantId())
                    .setString(2, r.eventId())
                    .setInstant(3, r.eventHour())
                    .setInstant(4, r.occurredAt())
                    .setString(5, r.fingerprint());
            // As the verdicts order versions: Kafka's time for a record produced without a receipt time.
            if (r.receivedOrAppended() != null) {
                b.setInstant(6, r.receivedOrAppended());
            }
            b.setInt(7, r.kafkaPartition()).setLong(8, r.kafkaOffset());
            if (d == null) {
                b.setInt(9, identityTtlSeconds);
            } else {
                b.setInstant(9, d.eventHour()).setInstant(10, d.occurredAt());
                if (d.receivedAt() != null) {
                    b.setInstant(11, d.receivedAt());
                }
                b.setInt(12, d.kafkaPartition()).setLong(13, d.kafkaOffset()).setInt(14, identityTtlSeconds);
            }
            batch.addStatement(b.build());
        }
        return session.executeAsync(batch.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setIdempotence(true)
                        .build())
                .thenApply(rs -> null);
    }

    @Override
    public CompletionStage<Void> rememberPersons(List<PersonRow> rowsOfOnePartition, Instant ingestedAt) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
        for (PersonRow row : rowsOfOnePartition) {
            batch.addStatement(person.bind(
                    row.eventHour(),
                    row.shard(),
                    row.merchantId(),
                    row.person(),
                    row.eventId(),
                    RawEventLayout.ttlSeconds(row.eventHour(), ingestedAt, retention)));
        }
        return session.executeAsync(batch.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setIdempotence(true)
                        .build())
                .thenApply(rs -> null);
    }

    @Override
    public CompletionStage<ErasureRegistry> erasureRegistry() {
        Set<String> merchants = new HashSet<>();
        Map<String, Set<String>> suppressed = new HashMap<>();
        return session.executeAsync(registry.bind()
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setIdempotent(true))
                .thenCompose(page -> registryPages(page, merchants, suppressed))
                .thenApply(done -> new ErasureRegistry(merchants, suppressed));
    }

    private static CompletionStage<Void> registryPages(
            AsyncResultSet page, Set<String> merchants, Map<String, Set<String>> suppressed) {
        for (Row row : page.currentPage()) {
            String person = row.getString("person");
            if (person == null || person.isEmpty()) {
                merchants.add(row.getString("merchant_id"));
            } else {
                suppressed
                        .computeIfAbsent(row.getString("merchant_id"), m -> new HashSet<>())
                        .add(person);
            }
        }
        return page.hasMorePages()
                ? page.fetchNextPage().thenCompose(next -> registryPages(next, merchants, suppressed))
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Set<EventKey>> erasedEvents(int bucket, Collection<EventKey> keys) {
        Set<EventKey> found = new HashSet<>();
        return session.executeAsync(erased.bind(bucket, tuples(keys))
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setIdempotent(true))
                .thenCompose(page -> erasedPages(page, found))
                .thenApply(done -> found);
    }

    private static CompletionStage<Void> erasedPages(AsyncResultSet page, Set<EventKey> found) {
        for (Row row : page.currentPage()) {
            found.add(new EventKey(row.getString("merchant_id"), row.getString("event_id")));
        }
        return page.hasMorePages()
                ? page.fetchNextPage().thenCompose(next -> erasedPages(next, found))
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> deleteRow(Instant eventHour, int shard, EventKey key) {
        return session.executeAsync(deleteRow
                        .bind(eventHour, shard, key.merchantId(), key.eventId())
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setIdempotent(true))
                .thenApply(rs -> null);
    }

    @Override
    public CompletionStage<Void> deadLetter(DeadLetter letter) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        deadLetterProducer.send(
                new ProducerRecord<>(Topics.DEAD_LETTERS, letter.id().toString(), letter.toJson()),
                (metadata, error) -> {
                    if (error != null) {
                        published.completeExceptionally(error);
                    } else {
                        published.complete(null);
                    }
                });
        BoundStatementBuilder b = deadLetter
                .boundStatementBuilder()
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
        return session.executeAsync(resolve.bind(
                                resolvedAt,
                                resolution,
                                DeadLetterFields.KIND_REJECTED,
                                redrive.recordedAt().atZone(ZoneOffset.UTC).toLocalDate(),
                                redrive.recordedAt(),
                                redrive.deadLetterId())
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setIdempotent(true))
                .thenApply(rs -> null);
    }

    private static void setIfPresent(BoundStatementBuilder b, int index, String value) {
        if (value != null) {
            b.setString(index, value);
        }
    }
}
