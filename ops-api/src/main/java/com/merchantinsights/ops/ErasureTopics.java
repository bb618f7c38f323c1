package com.merchantinsights.ops;

import com.merchantinsights.core.kafka.KafkaClientLogin;
import com.merchantinsights.core.layout.Topics;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What an erasure needs of Kafka (issue 23): the events topic's end offsets when it is requested (the stream must
 * have stored everything up to them before the person's events are looked for), and each topic's retention as
 * configured, which bounds how long Kafka's own copies of the person's events outlive the request.
 */
interface ErasureTopics {
    /** How long a topic keeps a record at most, as configured: retention plus one segment's roll time. */
    record Bound(String topic, Duration retention, Duration segmentRoll) {}

    Map<Integer, Long> eventsEndOffsets() throws Exception;

    List<Bound> bounds() throws Exception;

    /** No Kafka configured: nothing to wait for, bounds unknown. */
    ErasureTopics NONE = new ErasureTopics() {
        @Override
        public Map<Integer, Long> eventsEndOffsets() {
            return Map.of();
        }

        @Override
        public List<Bound> bounds() {
            return List.of();
        }
    };

    /** The broker's admin API. */
    static ErasureTopics of(String bootstrapServers) {
        Duration timeout = Duration.ofSeconds(10);
        return new ErasureTopics() {
            private Admin admin() {
                Properties settings = new Properties();
                settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                return Admin.create(KafkaClientLogin.fromEnvironment().applyTo(settings));
            }

            @Override
            public Map<Integer, Long> eventsEndOffsets()
                    throws ExecutionException, InterruptedException, TimeoutException {
                try (Admin admin = admin()) {
                    TopicDescription topic = admin.describeTopics(List.of(Topics.EVENTS))
                            .allTopicNames()
                            .get(timeout.toSeconds(), TimeUnit.SECONDS)
                            .get(Topics.EVENTS);
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    topic.partitions()
                            .forEach(p ->
                                    latest.put(new TopicPartition(Topics.EVENTS, p.partition()), OffsetSpec.latest()));
                    Map<Integer, Long> offsets = new HashMap<>();
                    admin.listOffsets(latest)
                            .all()
                            .get(timeout.toSeconds(), TimeUnit.SECONDS)
                            .forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
                    return offsets;
                }
            }

            @Override
            public List<Bound> bounds() throws ExecutionException, InterruptedException, TimeoutException {
                try (Admin admin = admin()) {
                    List<ConfigResource> topics = List.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS),
                            new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEAD_LETTERS));
                    Map<ConfigResource, Config> configs =
                            admin.describeConfigs(topics).all().get(timeout.toSeconds(), TimeUnit.SECONDS);
                    List<Bound> bounds = new ArrayList<>();
                    for (ConfigResource topic : topics) {
                        Config config = configs.get(topic);
                        bounds.add(new Bound(
                                topic.name(),
                                millis(config.get(TopicConfig.RETENTION_MS_CONFIG)
                                        .value()),
                                millis(config.get(TopicConfig.SEGMENT_MS_CONFIG).value())));
                    }
                    return bounds;
                }
            }

            private Duration millis(String value) {
                long millis = Long.parseLong(value);
                return millis < 0 ? null : Duration.ofMillis(millis);
            }
        };
    }
}
