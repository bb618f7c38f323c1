package com.merchantinsights.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one deployed service until the JVM is told to stop (SIGTERM from Kubernetes after the pod's preStop hook):
 * first drain (readiness says no), wait {@code drainDelay} so that routing notices, then close, which lets the
 * requests in flight finish within {@link ServiceApp#SHUTDOWN_GRACE}. The pod's terminationGracePeriodSeconds
 * covers preStop + drain delay + that grace.
 */
public final class ServiceRunner {
    /** Long enough for a readiness probe (every 2 s in the chart) and the gateway (every 1 s) to notice. */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {}

    /** A service that can be drained and closed. */
    public interface Drainable extends AutoCloseable {
        void drain();

        @Override
        void close();
    }

    public static void runUntilStopped(String name, Drainable service, Duration drainDelay)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("{} draining for {}", name, drainDelay);
                            service.drain();
                            try {
                                // Not a test wait: routing (endpoints, the gateway's health view) needs this long to
                                // notice.
                                new CountDownLatch(1).await(drainDelay.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            service.close();
                            LOG.info("{} stopped", name);
                            stopped.countDown();
                        },
                        name + "-stop"));
        LOG.info("{} started", name);
        stopped.await();
    }
}
