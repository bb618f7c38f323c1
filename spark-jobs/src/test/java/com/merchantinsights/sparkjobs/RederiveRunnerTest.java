package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.stream.history.RederiveRequest;
import com.merchantinsights.stream.history.RederiveStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RederiveRunnerTest {
    private static final RederiveRequest REQUEST = new RederiveRequest(
            Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-24T02:00:00Z"), Set.of(), null);
    private final CountDownLatch release = new CountDownLatch(1);
    private final RederiveRunner runner = new RederiveRunner(new RederiveRunner.Job() {
        @Override
        public RederiveStatus plan(RederiveRequest request) {
            return status(RederiveStatus.State.RUNNING, 0);
        }

        @Override
        public RederiveStatus run(RederiveStatus planned, Consumer<RederiveStatus> progress) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RederiveStatus done = status(RederiveStatus.State.COMPLETE, 2);
            progress.accept(done);
            return done;
        }
    });

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void theNewRunIsTheLatestAsSoonAsItStartsAndOnlyOneRunsAtATime() {
        runner.start(REQUEST);

        assertThat(runner.latest().state()).isEqualTo(RederiveStatus.State.RUNNING);
        assertThatThrownBy(() -> runner.start(REQUEST)).isInstanceOf(IllegalStateException.class);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.latest().state() == RederiveStatus.State.COMPLETE);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            runner.start(REQUEST);
            assertThat(runner.latest().hoursDone())
                    .as("a second run may start once the first ended")
                    .isZero();
        });
    }

    private static RederiveStatus status(RederiveStatus.State state, int hoursDone) {
        return new RederiveStatus(
                REQUEST.rawVersion(2),
                2,
                REQUEST,
                state,
                Instant.now(),
                2,
                hoursDone,
                0,
                0,
                Map.of(),
                new TreeSet<>(),
                null,
                null);
    }
}
