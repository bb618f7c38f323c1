package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryLockTest {
    @TempDir
    Path temp;

    @Test
    void rootsCapabilitiesIncludeIpcLock() throws IOException {
        assertThat(MemoryLock.hasIpcLock(status("CapEff:\t000001fffeffffff"))).isTrue();
    }

    @Test
    void withoutBit14ThereIsNothingToDrop() throws IOException {
        assertThat(MemoryLock.hasIpcLock(status("CapEff:\t000001fffeffbfff"))).isFalse();
        assertThat(MemoryLock.hasIpcLock(status("CapEff:\t0000000000000000"))).isFalse();
    }

    @Test
    void noProcFileMeansNothingToDrop() {
        assertThat(MemoryLock.hasIpcLock(temp.resolve("absent"))).isFalse();
    }

    @Test
    void thePrefixExecsThroughSetprivOnlyWhenThisJvmCouldLockMemory() {
        boolean canLock = MemoryLock.hasIpcLock(Path.of("/proc/self/status"));

        if (canLock && Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            assertThat(MemoryLock.withoutLockingPrefix())
                    .containsExactly("/usr/bin/setpriv", "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", "--");
        } else if (!canLock) {
            assertThat(MemoryLock.withoutLockingPrefix()).isEmpty();
        }
    }

    private Path status(String capEffLine) throws IOException {
        return Files.writeString(
                temp.resolve("status"), "Name:\tjava\n" + capEffLine + "\nCapBnd:\t000001fffeffffff\n");
    }
}
