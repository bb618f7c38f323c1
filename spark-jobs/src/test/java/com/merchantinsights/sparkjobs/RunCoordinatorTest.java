package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.etl.EtlSummary;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunCoordinatorTest {
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(1);
    private volatile boolean failNextRun;
    private final RunCoordinator<EtlSummary> coordinator =
            new RunCoordinator<>("cube-etl", this::fakeRun, Duration.ofHours(1));

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        coordinator.stop(Duration.ofSeconds(5));
    }

    @Test
    void requestsDuringARunShareOneNextRunThatStartsAfterIt() throws Exception {
        CompletableFuture<EtlSummary> first = coordinator.request();
        await().until(() -> started.get() == 1);

        CompletableFuture<EtlSummary> second = coordinator.request();
        CompletableFuture<EtlSummary> third = coordinator.request();
        assertThat(second).isSameAs(third).isNotDone();

        CountDownLatch firstRelease = release;
        release = new CountDownLatch(1);
        firstRelease.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).runId()).isEqualTo(1);

        await().until(() -> started.get() == 2);
        release.countDown();
        assertThat(second.get(5, TimeUnit.SECONDS).runId()).isEqualTo(2);
        assertThat(maxConcurrent).hasValue(1);
    }

    @Test
    void aFailedRunFailsItsRequestAndTheNextRequestRunsAgain() throws Exception {
        release.countDown();
        failNextRun = true;
        CompletableFuture<EtlSummary> failed = coordinator.request();
        await().until(failed::isDone);
        assertThat(failed).isCompletedExceptionally();
        assertThat(coordinator.lastFailure()).contains("warehouse down");

        assertThat(coordinator.request().get(5, TimeUnit.SECONDS).runId()).isEqualTo(2);
        assertThat(coordinator.lastFailure()).isNull();
    }

    @Test
    void aRunOutOfMemoryAsksForANewDriverAndAnOrdinaryFailureDoesNot() throws Exception {
        AtomicInteger fatal = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        RunCoordinator<EtlSummary> fragile = new RunCoordinator<>(
                "cube-etl",
                () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("warehouse down");
                    }
                    throw new OutOfMemoryError("Java heap space");
                },
                Duration.ofHours(1),
                fatal::incrementAndGet);
        try {
            CompletableFuture<EtlSummary> ordinary = fragile.request();
            await().until(ordinary::isDone);
            assertThat(ordinary).isCompletedExceptionally();
            assertThat(fatal).hasValue(0);

            CompletableFuture<EtlSummary> outOfMemory = fragile.request();
            await().until(() -> fatal.get() == 1);
            assertThat(outOfMemory).isCompletedExceptionally();
        } finally {
            fragile.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void refusesRequestsOnceStopping() throws Exception {
        coordinator.stop(Duration.ZERO);

        assertThat(coordinator.request()).isCompletedExceptionally();
    }

    private EtlSummary fakeRun() throws InterruptedException {
        int run = started.incrementAndGet();
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            release.await();
            if (failNextRun) {
                failNextRun = false;
                throw new IllegalStateException("warehouse down");
            }
            return new EtlSummary(run, 0, 0, 0, 0, 0, 0, false);
        } finally {
            concurrent.decrementAndGet();
        }
    }
}
