package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import com.merchantinsights.stack.StackDirectories;
import com.merchantinsights.stack.StandaloneKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three local Kafka nodes (issue 21): the events topic replicated 3 times with 2 in sync, so that one node down loses
 * nothing and refuses nothing, and with two down a write is refused — never acknowledged and then lost.
 */
class KafkaClusterIT {
    private static final Ports PORTS = Ports.defaults().offsetBy(4500);
    private static StandaloneKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        Path workDir = Path.of("target", "kafka-cluster").toAbsolutePath();
        StackDirectories.deleteTree(workDir);
        StackConfig defaults = StackConfig.defaults(workDir);
        kafka = StandaloneKafka.start(
                new StackConfig(workDir, PORTS, "UTC", false, defaults.etlInterval(), defaults.projectHome())
                        .withNodes(3),
                Progress.console(System.out));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesANodeDownAndWithTwoDownWritesAreRefused() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription events = admin.describeTopics(List.of(Topics.EVENTS))
                    .allTopicNames()
                    .get()
                    .get(Topics.EVENTS);
            assertThat(events.partitions()).hasSize(Topics.LOCAL_EVENTS_PARTITIONS);
            assertThat(events.partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
            assertThat(admin.describeConfigs(List.of(topic))
                            .all()
                            .get()
                            .get(topic)
                            .get("min.insync.replicas")
                            .value())
                    .isEqualTo("2");
        }
        Set<String> acknowledged = new HashSet<>();
        try (KafkaProducer<String, String> producer = producer()) {
            acknowledged.addAll(send(producer, "all-up", 100));
            kafka.stopNode(3);
            acknowledged.addAll(send(producer, "one-down", 100));
            kafka.stopNode(2);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.EVENTS, "two-down", "two-down"))
                            .get())
                    .as("one replica in sync of the 2 required: refused, not acknowledged")
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause())
                            .isInstanceOfAny(
                                    NotEnoughReplicasException.class,
                                    org.apache.kafka.common.errors.TimeoutException.class));
        }
        assertThat(acknowledged).hasSize(200);
        // With two of three controllers down the quorum itself is stuck; one back and it elects leaders again.
        kafka.startNode(2, Progress.console(System.out));
        Set<String> stored = new HashSet<>();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    stored.clear();
                    stored.addAll(readAll());
                    assertThat(stored).as("every acknowledged write is there").containsAll(acknowledged);
                });
        assertThat(stored).as("and the refused one is not").doesNotContain("two-down");
    }

    private static List<String> send(KafkaProducer<String, String> producer, String prefix, int count)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = prefix + "-" + i;
            values.add(value);
            acks.add(producer.send(new ProducerRecord<>(Topics.EVENTS, value, value)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        return values;
    }

    private static Set<String> readAll() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-cluster-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            var partitions = consumer.partitionsFor(Topics.EVENTS).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return values;
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }
}
