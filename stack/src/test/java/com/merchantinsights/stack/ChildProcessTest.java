package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts tiny JVMs ({@link ScriptedChild}), not engines. */
class ChildProcessTest {
    @TempDir
    Path workDir;

    @Test
    void recordsItsPidAndLogsItsOutputUntilStopped() throws Exception {
        StackDirectories dirs = new StackDirectories(workDir);
        ChildProcess child = ChildProcess.start(ScriptedChild.launch("spark-driver", 3, "wait"), dirs);
        try {
            Readiness.await("spark-driver", child, Duration.ofSeconds(30), () -> {
                if (!child.tail(5).contains("line-03")) {
                    throw new IllegalStateException("not printed yet");
                }
            });

            assertThat(PidFile.read(dirs.pidFile("spark-driver")))
                    .get()
                    .extracting(PidFile::pid)
                    .isEqualTo(child.pid());
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.close();
        }

        assertThat(child.isAlive()).isFalse();
        assertThat(dirs.pidFile("spark-driver")).doesNotExist();
        assertThat(Files.readString(dirs.logFile("spark-driver"))).contains("starting spark-driver", "line-01");
    }

    @Test
    void readinessFailsFastWithTheLogTailWhenTheChildExits() {
        StackDirectories dirs = new StackDirectories(workDir);
        ChildProcess child = ChildProcess.start(ScriptedChild.launch("kafka", 40, "3"), dirs);

        assertThatThrownBy(() -> Readiness.await("kafka", child, Duration.ofSeconds(60), () -> {
                    throw new IllegalStateException("connection refused");
                }))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("kafka exited with code 3 before it was ready")
                .hasMessageNotContaining("connection refused")
                .hasMessageContaining("--- last 30 lines of " + dirs.logFile("kafka"))
                .hasMessageContaining("line-11")
                .hasMessageContaining("line-40")
                .hasMessageNotContaining("line-10");
        // it exited on its own: the PID file stays, so that `status` can show the process as dead
        assertThat(dirs.pidFile("kafka")).exists();
    }

    @Test
    void theTailShowsOnlyThisRunsOutput() {
        StackDirectories dirs = new StackDirectories(workDir);
        ChildProcess first = ChildProcess.start(ScriptedChild.launch("cassandra", 5, "0"), dirs);
        first.awaitExit(Duration.ofSeconds(30));
        ChildProcess second = ChildProcess.start(ScriptedChild.launch("cassandra", 2, "0"), dirs);
        second.awaitExit(Duration.ofSeconds(30));

        assertThat(second.tail(30)).containsExactly("line-01", "line-02");
        assertThat(first.exitCode()).hasValue(0);
    }

    @Test
    void killEndsTheProcessAtOnce() {
        StackDirectories dirs = new StackDirectories(workDir);
        ChildProcess child = ChildProcess.start(ScriptedChild.launch("spark-driver", 0, "wait"), dirs);

        child.kill();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).isPresent();
        assertThat(dirs.pidFile("spark-driver")).doesNotExist();
    }
}
