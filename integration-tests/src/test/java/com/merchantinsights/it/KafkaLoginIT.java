package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.core.kafka.KafkaClientLogin;
import com.merchantinsights.core.layout.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka login our clients build from a KafkaUser's Secret ({@link KafkaClientLogin}, decision 0049) against a real
 * broker's SCRAM-SHA-512 listener with ACLs enforced, as Strimzi configures one: the user's grants let it write, a topic
 * it was not granted refuses it, a wrong password does not log in.
 */
@ExtendWith(SharedSystem.class)
class KafkaLoginIT {
    private static final String USER = "it-kafka-login";
    private static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());
    private static final String GRANTED = "it.kafka-login";

    @Test
    void aClientLogsInWithTheSecretsJaasLineAndReachesOnlyTheTopicsItsAclsName() throws Exception {
        var engines = SharedSystem.system().engines();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORD)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(GRANTED)) {
                admin.createTopics(List.of(new NewTopic(GRANTED, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            // What the chart's KafkaUser for the events API grants, on a topic of this test's own.
            admin.createAcls(List.of(grant(GRANTED, AclOperation.WRITE), grant(GRANTED, AclOperation.DESCRIBE)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        String saslBootstrap = engines.kafkaSaslBootstrapServers();

        // The user's credentials reach the brokers' metadata asynchronously: the first send may still be refused.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    try (KafkaProducer<String, String> producer = producer(saslBootstrap, PASSWORD)) {
                        assertThat(producer.send(new ProducerRecord<>(GRANTED, "k", "v"))
                                        .get(10, TimeUnit.SECONDS)
                                        .offset())
                                .isGreaterThanOrEqualTo(0);
                    }
                });

        try (KafkaProducer<String, String> producer = producer(saslBootstrap, PASSWORD)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, "k", "v"))
                            .get(20, TimeUnit.SECONDS))
                    .as("a topic the user was not granted")
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = producer(saslBootstrap, "not-the-password")) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(GRANTED, "k", "v"))
                            .get(20, TimeUnit.SECONDS))
                    .as("a wrong password")
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static AclBinding grant(String topic, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + USER, "*", operation, AclPermissionType.ALLOW));
    }

    /** A producer configured as ours are in a cluster: the login from the KafkaUser Secret's {@code sasl.jaas.config}. */
    private static KafkaProducer<String, String> producer(String bootstrap, String password) {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(KafkaClientLogin.from(Map.of(KafkaClientLogin.JAAS_CONFIG_ENV, jaas))
                .applyTo(settings));
    }
}
