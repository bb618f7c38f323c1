package com.merchantinsights.ops;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.core.kafka.KafkaClientLogin;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.reconcile.Reconciler;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Re-sends rejected dead letters through processing after a fix (decision 0012): each letter's original record goes
 * back on the events topic, with headers naming the letter. Idempotent: an event already stored comes back as a
 * duplicate (the stream's verdicts, decision 0026), never a second count; a record rejected again rewrites its own
 * letter; a letter whose event got stored is marked resolved and skipped by later re-drives.
 */
final class DeadLetterRedrive {
    private final Reconciler.Sources engines;

    DeadLetterRedrive(Reconciler.Sources engines) {
        this.engines = Objects.requireNonNull(engines, "engines");
    }

    /**
     * Which letters: recorded on the UTC days {@code first..last}, with one of {@code codes} and of {@code merchants}
     * (empty = any); {@code dryRun} only counts.
     */
    record Request(
            LocalDate first,
            LocalDate last,
            Set<String> codes,
            Set<String> merchants,
            boolean includeResolved,
            boolean dryRun) {
        Request {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (first.isAfter(last)) {
                throw new IllegalArgumentException("from must not be after to");
            }
            codes = Set.copyOf(codes);
            merchants = Set.copyOf(merchants);
        }
    }

    /** How many letters were re-sent (or would be), per code, and how many were left alone. */
    record Result(Map<String, Integer> byCode, int skipped) {
        Result {
            byCode = Map.copyOf(byCode);
        }

        int total() {
            return byCode.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    Result run(Request request) throws InterruptedException, ExecutionException {
        Map<String, Integer> byCode = new TreeMap<>();
        int skipped = 0;
        try (CqlSession cassandra = engines.cassandra().build();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings())) {
            PreparedStatement select =
                    cassandra.prepare("SELECT recorded_day, recorded_at, dead_letter_id, source, code,"
                            + " merchant_id, event_id, payload, resolved_at FROM " + table()
                            + " WHERE kind = ? AND recorded_day = ?");
            PreparedStatement redriven = cassandra.prepare("UPDATE " + table() + " SET redriven_at = ? WHERE kind = ?"
                    + " AND recorded_day = ? AND recorded_at = ? AND dead_letter_id = ?");
            for (LocalDate day = request.first(); !day.isAfter(request.last()); day = day.plusDays(1)) {
                List<RejectedLetter> chosen = new ArrayList<>();
                for (Row row : cassandra.execute(select.bind(DeadLetterFields.KIND_REJECTED, day)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
                    RejectedLetter letter = letter(row);
                    if (letter.selected(request.codes(), request.merchants(), request.includeResolved())) {
                        chosen.add(letter);
                    } else {
                        skipped++;
                    }
                }
                if (!request.dryRun()) {
                    resend(producer, chosen);
                    Instant now = Instant.now();
                    for (RejectedLetter letter : chosen) {
                        cassandra.execute(redriven.bind(
                                        now,
                                        DeadLetterFields.KIND_REJECTED,
                                        letter.recordedDay(),
                                        letter.recordedAt(),
                                        letter.id())
                                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
                    }
                }
                chosen.forEach(letter -> byCode.merge(letter.code(), 1, Integer::sum));
            }
        }
        return new Result(byCode, skipped);
    }

    /** Sends every record and waits for Kafka's acknowledgement of each: a letter is marked re-driven only once its record is stored. */
    private static void resend(KafkaProducer<String, byte[]> producer, List<RejectedLetter> letters)
            throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (RejectedLetter letter : letters) {
            acks.add(producer.send(letter.toRecord()));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    private static RejectedLetter letter(Row row) {
        return new RejectedLetter(
                row.getLocalDate("recorded_day"),
                row.getInstant("recorded_at"),
                row.getUuid("dead_letter_id"),
                row.getString("source"),
                row.getString("code"),
                row.getString("merchant_id"),
                row.getString("event_id"),
                row.getString("payload"),
                row.getInstant("resolved_at"));
    }

    private static String table() {
        return RawEventLayout.KEYSPACE + "." + RawEventLayout.DEAD_LETTERS_TABLE;
    }

    private Properties producerSettings() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "insights-redrive");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return KafkaClientLogin.fromEnvironment().applyTo(p);
    }
}
