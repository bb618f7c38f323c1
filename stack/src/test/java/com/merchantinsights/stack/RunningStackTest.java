package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningStackTest {
    /** Above Linux's largest pid_max (2^22): never a live process. */
    private static final long NO_SUCH_PID = 99_999_999L;

    @TempDir
    Path workDir;

    @Test
    void anEmptyWorkDirHasNothingRunning() {
        assertThat(RunningStack.read(workDir)).isEmpty();
        assertThat(RunningStack.anyAlive(workDir)).isFalse();
    }

    @Test
    void readsEachPidFileWithWhetherItsProcessIsAlive() {
        StackDirectories dirs = new StackDirectories(workDir);
        PidFile.of(ProcessHandle.current()).writeTo(dirs.pidFile("stack"));
        new PidFile(NO_SUCH_PID, null).writeTo(dirs.pidFile("kafka"));

        assertThat(RunningStack.read(workDir))
                .containsExactly(
                        new ProcessRecord("kafka", NO_SUCH_PID, false, dirs.pidFile("kafka")),
                        new ProcessRecord("stack", ProcessHandle.current().pid(), true, dirs.pidFile("stack")));
        assertThat(RunningStack.anyAlive(workDir)).isTrue();
    }

    @Test
    void aReusedPidIsNotTheRecordedProcess() {
        StackDirectories dirs = new StackDirectories(workDir);
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        new PidFile(ProcessHandle.current().pid(), started.minus(Duration.ofDays(1))).writeTo(dirs.pidFile("postgres"));

        assertThat(RunningStack.read(workDir))
                .singleElement()
                .extracting(ProcessRecord::alive)
                .isEqualTo(false);
    }

    @Test
    void stopAllStopsRecordedProcessesButNeverItsOwnJvm() {
        StackDirectories dirs = new StackDirectories(workDir);
        PidFile.of(ProcessHandle.current()).writeTo(dirs.pidFile("stack"));
        ChildProcess driver = ChildProcess.start(ScriptedChild.launch("spark-driver", 0, "wait"), dirs);
        ChildProcess engine = ChildProcess.start(ScriptedChild.launch("kafka", 0, "wait"), dirs);
        new PidFile(NO_SUCH_PID, null).writeTo(dirs.pidFile("cassandra"));
        List<String> steps = new ArrayList<>();

        RunningStack.stopAll(
                workDir, Duration.ofSeconds(20), (component, message) -> steps.add(component + " " + message));

        assertThat(driver.awaitExit(Duration.ofSeconds(10))).isTrue();
        assertThat(engine.awaitExit(Duration.ofSeconds(10))).isTrue();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(steps)
                .containsSubsequence(
                        "spark-driver stopping (pid " + driver.pid() + ")",
                        "kafka stopping (pid " + engine.pid() + ")");
        assertThat(steps).noneMatch(step -> step.startsWith("stack stopping"));
        // the dead cassandra record is cleaned up; this JVM's own record stays, it is still running
        assertThat(RunningStack.read(workDir)).extracting(ProcessRecord::name).containsExactly("stack");
    }
}
