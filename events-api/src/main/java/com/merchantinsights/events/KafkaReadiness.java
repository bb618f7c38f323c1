package com.merchantinsights.events;

import com.merchantinsights.core.kafka.KafkaClientLogin;
import com.merchantinsights.core.layout.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events API is ready when Kafka can take its events: every partition of the events topic has a leader. Asked
 * with a short timeout, and the answer is kept for a second, so that probes from every side cost Kafka one metadata
 * request a second at most and a probe never waits longer than its own timeout.
 */
final class KafkaReadiness implements BooleanSupplier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);
    static final Duration TIMEOUT = Duration.ofMillis(1_500);
    private static final Duration KEEP = Duration.ofSeconds(1);

    private final Admin admin;
    private final Clock clock;
    private Instant checkedAt = Instant.MIN;
    private boolean ready;

    KafkaReadiness(String bootstrapServers, Clock clock) {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "events-api-readiness");
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(KafkaClientLogin.fromEnvironment().applyTo(settings));
        this.clock = clock;
    }

    @Override
    public synchronized boolean getAsBoolean() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(KEEP))) {
            return ready;
        }
        ready = check();
        checkedAt = clock.instant();
        return ready;
    }

    private boolean check() {
        try {
            TopicDescription events = admin.describeTopics(
                            List.of(Topics.EVENTS), new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(Topics.EVENTS);
            boolean led = events.partitions().stream()
                    .map(TopicPartitionInfo::leader)
                    .allMatch(leader -> leader != null && !leader.isEmpty());
            if (!led) {
                LOG.warn("not ready: a partition of {} has no leader", Topics.EVENTS);
            }
            return led;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "not ready: Kafka did not describe {} within {} ms: {}",
                    Topics.EVENTS,
                    TIMEOUT.toMillis(),
                    e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
