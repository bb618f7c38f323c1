package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine nodes' lifecycle on tiny JVMs ({@link ScriptedChild}) in place of engines. */
class NodeProcessTest {
    /** Short, so that a child that outlives SIGTERM costs the test seconds; the engines have 30 s. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Linux reports a process ended by a signal with 128 + the signal's number. */
    private static final int EXIT_ON_SIGTERM = 128 + 15;

    private static final int EXIT_ON_SIGKILL = 128 + 9;

    @TempDir
    Path workDir;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();

    @AfterEach
    void killWhatATestLeftRunning() {
        children.forEach(ChildProcess::kill);
    }

    @Test
    void launchPreparesThenReportsStartingThenStarts() {
        NodeProcess node = node(GRACE);

        ChildProcess child = launch(node, () -> events.add("prepare"), "wait");

        assertThat(events).containsExactly("prepare", "kafka starting", "command");
        assertThat(PidFile.read(dirs().pidFile("kafka")))
                .get()
                .extracting(PidFile::pid)
                .isEqualTo(child.pid());
    }

    @Test
    void stopEndsTheProcessWithSigtermAndForgetsItsPid() {
        NodeProcess node = node(Duration.ofSeconds(30));
        ChildProcess child = launch(node, () -> {}, "wait");

        node.stop();

        assertThat(child.exitCode()).hasValue(EXIT_ON_SIGTERM);
        assertThat(dirs().pidFile("kafka")).doesNotExist();
    }

    @Test
    void stopKillsAProcessThatOutlivesSigtermOnceTheGraceIsOver() {
        NodeProcess node = node(GRACE);
        ChildProcess child = launch(node, () -> {}, "ignore-sigterm");
        awaitPrinted(child, "line-01"); // its shutdown hook is in place

        long stopping = System.nanoTime();
        node.stop();

        assertThat(child.tail(5)).contains("sigterm-ignored");
        assertThat(child.exitCode()).hasValue(EXIT_ON_SIGKILL);
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isGreaterThanOrEqualTo(GRACE);
        assertThat(dirs().pidFile("kafka")).doesNotExist();
    }

    @Test
    void requestStopLeavesTheWaitToAwaitStop() {
        NodeProcess node = node(GRACE);
        ChildProcess child = launch(node, () -> {}, "ignore-sigterm");
        awaitPrinted(child, "line-01");

        node.requestStop();

        assertThat(child.isAlive()).isTrue();
        awaitPrinted(child, "sigterm-ignored");
        node.awaitStop();
        assertThat(child.exitCode()).hasValue(EXIT_ON_SIGKILL);
    }

    @Test
    void aStoppedNodeLaunchesAgainAsANewProcess() {
        NodeProcess node = node(GRACE);
        ChildProcess first = launch(node, () -> {}, "wait");
        node.stop();

        ChildProcess second = launch(node, () -> events.add("prepare"), "wait");

        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(second.isAlive()).isTrue();
        assertThat(events).containsExactly("kafka starting", "command", "prepare", "kafka starting", "command");
        assertThat(PidFile.read(dirs().pidFile("kafka")))
                .get()
                .extracting(PidFile::pid)
                .isEqualTo(second.pid());
    }

    @Test
    void launchRefusesASecondProcessWhileTheFirstRuns() {
        NodeProcess node = node(GRACE);
        ChildProcess first = launch(node, () -> {}, "wait");
        events.clear();

        assertThatThrownBy(() -> launch(node, () -> events.add("prepare"), "wait"))
                .isInstanceOf(StackException.class)
                .hasMessage("kafka is already running (pid " + first.pid() + ")");
        assertThat(events).isEmpty();
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void closeStopsTheProcessAndRefusesEveryLaterLaunch() {
        NodeProcess node = node(GRACE);
        ChildProcess child = launch(node, () -> {}, "wait");
        events.clear();

        node.close();

        assertThat(child.exitCode()).hasValue(EXIT_ON_SIGTERM);
        assertThatThrownBy(() -> launch(node, () -> events.add("prepare"), "wait"))
                .isInstanceOf(StackException.class)
                .hasMessage("kafka: the stack is closing");
        assertThat(events).isEmpty();
    }

    @Test
    void closeDuringALaunchWaitsForItAndStopsWhatItStarted() throws Exception {
        NodeProcess node = node(GRACE);
        CountDownLatch preparing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<ChildProcess> launching = CompletableFuture.supplyAsync(() -> launch(
                node,
                () -> {
                    preparing.countDown();
                    awaitOpened(release);
                },
                "wait"));
        assertThat(preparing.await(30, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(node::close, "closer");
        closer.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> closer.getState() == Thread.State.BLOCKED || closer.getState() == Thread.State.TERMINATED);
        release.countDown();

        ChildProcess child = launching.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> !closer.isAlive());
        assertThat(child.exitCode()).hasValue(EXIT_ON_SIGTERM);
    }

    @Test
    void stoppingANodeThatNeverLaunchedDoesNothing() {
        NodeProcess node = node(GRACE);

        node.requestStop();
        node.awaitStop();
        node.stop();
        node.close();

        assertThat(dirs().run()).doesNotExist();
    }

    private StackDirectories dirs() {
        return new StackDirectories(workDir);
    }

    private NodeProcess node(Duration grace) {
        return new NodeProcess("kafka", dirs(), grace);
    }

    /** Launches a {@link ScriptedChild} that prints one line and then does {@code then}; records the steps. */
    private ChildProcess launch(NodeProcess node, Runnable prepare, String then) {
        ChildProcess child = node.launch((component, message) -> events.add(component + " " + message), prepare, () -> {
            events.add("command");
            return ScriptedChild.launch("kafka", 1, then);
        });
        children.add(child);
        return child;
    }

    private static void awaitPrinted(ChildProcess child, String line) {
        await().atMost(Duration.ofSeconds(30)).until(() -> child.tail(5).contains(line));
    }

    private static void awaitOpened(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
