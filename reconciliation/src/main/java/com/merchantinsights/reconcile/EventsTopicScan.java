package com.merchantinsights.reconcile;

import com.merchantinsights.core.kafka.KafkaClientLogin;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the events topic once, from the beginning of every partition up to its end at the start of the scan, with a
 * plain consumer (assigned, no group: nothing is committed and the stream's own progress is not touched).
 *
 * <p>Why from the beginning and not from {@code offsetsForTimes(from − tolerance)}: an identity counts in the hour of
 * its <em>first</em> version, and a later re-send may carry another occurred_at (a clock-skew correction can move it
 * across hours, or days). Starting at a time would make such a re-send look like the first version of its identity,
 * in the wrong hour. The topic holds only its retention (7 days by default), so reading it whole is bounded.
 */
public final class EventsTopicScan {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param completeSince every record Kafka stamped since then is on the topic
     * @param retention     the topic's {@code retention.ms}; null when unlimited
     */
    public record Result(TopicIdentities identities, Instant completeSince, Duration retention) {}

    private EventsTopicScan() {}

    /**
     * @param retention the topic's retention as {@link #retention} read it (null: unlimited)
     */
    public static Result scan(String bootstrapServers, Duration retention, Instant now, Instant recentSince) {
        Instant completeSince = retention == null ? Instant.MIN : now.minus(retention);
        TopicIdentities identities = new TopicIdentities(recentSince);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(bootstrapServers))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS, TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Instant> firstKept = new HashMap<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;
                    }
                    Instant timestamp = Instant.ofEpochMilli(record.timestamp());
                    firstKept.putIfAbsent(partition, timestamp);
                    identities.add(new TopicRecord(
                            record.partition(),
                            record.offset(),
                            timestamp,
                            EventRecordFields.parse(text(record.value())),
                            record.headers().lastHeader(DeadLetterFields.REDRIVE_OF_HEADER) != null));
                }
            }
            // A partition that lost records other than by age (retention.bytes, deleteRecords) is complete only from
            // its
            // first kept record on.
            for (TopicPartition p : partitions) {
                Instant first = firstKept.get(p);
                if (beginning.get(p) > 0 && first != null && first.isAfter(completeSince)) {
                    completeSince = first;
                }
            }
        }
        return new Result(identities, completeSince, retention);
    }

    /** The events topic's {@code retention.ms}, from the broker's admin API; null when unlimited (-1). */
    public static Duration retention(String bootstrapServers)
            throws ExecutionException, InterruptedException, TimeoutException {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(KafkaClientLogin.fromEnvironment().applyTo(settings))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
            Config config = admin.describeConfigs(List.of(topic))
                    .all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .get(topic);
            ConfigEntry entry = config.get(TopicConfig.RETENTION_MS_CONFIG);
            long millis = Long.parseLong(entry.value());
            return millis < 0 ? null : Duration.ofMillis(millis);
        }
    }

    private static Properties consumerSettings(String bootstrapServers) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "insights-reconcile");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return KafkaClientLogin.fromEnvironment().applyTo(settings);
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
