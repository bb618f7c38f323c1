package com.merchantinsights.stack;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps Cassandra from pinning its whole heap in RAM when the stack runs as root.
 *
 * <p>Cassandra calls {@code mlockall} at start-up. A normal user's memlock limit makes that fail harmlessly (the
 * usual "Unable to lock JVM memory" warning); root holds CAP_IPC_LOCK, so it succeeds: the 1 GiB heap is faulted in
 * and locked, which costs ~1 GiB of resident memory and seconds of start-up on 2 cores, to guard against swapping
 * that a developer machine or CI box does not do. Run as root, the node is therefore started through
 * {@code setpriv} without that one capability, so it behaves as it does for everyone else.
 */
final class MemoryLock {
    /** capability(7): CAP_IPC_LOCK. */
    private static final int CAP_IPC_LOCK = 14;

    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    private MemoryLock() {}

    /** The command prefix that starts a child without CAP_IPC_LOCK, or nothing when this JVM lacks it anyway. */
    static List<String> withoutLockingPrefix() {
        if (!hasIpcLock(Path.of("/proc/self/status"))) {
            return List.of();
        }
        return SETPRIV.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .map(setpriv -> List.of(setpriv.toString(), "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", "--"))
                .orElse(List.of());
    }

    static boolean hasIpcLock(Path procStatus) {
        try {
            for (String line : Files.readAllLines(procStatus)) {
                if (line.startsWith("CapEff:")) {
                    return new BigInteger(line.substring("CapEff:".length()).strip(), 16).testBit(CAP_IPC_LOCK);
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or no /proc: nothing to drop
        }
    }
}
